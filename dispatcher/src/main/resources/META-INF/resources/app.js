// Nightshift dispatcher page: polls the REST API, draws batches with their progress, the selected batch's
// failures (by error class, with retry) and finished images, and a before/after comparison of one image's JPEG
// previews.
'use strict';

const POLL_MS = 2000;
const FINISHED_PAGE_SIZE = 24;
const FAILURES_SHOWN = 50;

const $ = (id) => document.getElementById(id);
let selected = new URLSearchParams(location.hash.slice(1)).get('batch');
let finishedPage = 0;
let finishedShown = '';
/** The error class whose failures the table lists, or null for all. */
let failureClass = null;
let failureClassesShown = '';

async function getJson(url) {
  const response = await fetch(url, {headers: {Accept: 'application/json'}, credentials: 'same-origin'});
  if (!response.ok) {
    throw new Error(`${url} answered HTTP ${response.status}`);
  }
  return response.json();
}

function slot(row, index) {
  return row.cells[index] ?? row.insertCell(index);
}

function cell(row, index, text, className) {
  const td = slot(row, index);
  if (className !== undefined) {
    td.className = className;
  }
  if (td.textContent !== String(text)) {
    td.textContent = text;
  }
  return td;
}

/** listing, running (sealed, jobs left), finished (sealed, every job done or failed), cancelling, cancelled, open. */
function phase(batch) {
  if (batch.state === 'LISTING') return 'listing';
  if (batch.state === 'CANCELLING') return 'cancelling';
  if (batch.state === 'CANCELLED') return 'cancelled';
  if (batch.state === 'OPEN') return 'open';
  return batch.done + batch.failed >= batch.total ? 'finished' : 'running';
}

function renderBatches(page) {
  const tbody = $('batches').tBodies[0];
  const seen = new Set();
  let previous = null;
  for (const batch of page.items) {
    seen.add(batch.batchId);
    let row = tbody.querySelector(`tr[data-batch-id="${CSS.escape(batch.batchId)}"]`);
    if (!row) {
      row = document.createElement('tr');
      row.dataset.batchId = batch.batchId;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'batch-button';
      button.textContent = batch.batchId;
      button.addEventListener('click', () => select(batch.batchId));
      row.insertCell(0).append(button);
    }
    const expected = previous ? previous.nextSibling : tbody.firstChild;
    if (row !== expected) {
      tbody.insertBefore(row, expected);
    }
    previous = row;
    const current = phase(batch);
    const jobs = batch.total ?? batch.published;
    row.dataset.phase = current;
    row.classList.toggle('selected', batch.batchId === selected);
    row.cells[0].firstChild.setAttribute('aria-pressed', String(batch.batchId === selected));
    const state = slot(row, 1);
    state.className = 'state';
    if (state.dataset.phase !== current) {
      state.dataset.phase = current;
      state.replaceChildren(Object.assign(document.createElement('span'),
          {className: `phase phase-${current}`, textContent: current}));
    }
    let bar = slot(row, 2).querySelector('progress');
    if (!bar) {
      bar = document.createElement('progress');
      slot(row, 2).replaceChildren(bar);
    }
    bar.max = Math.max(jobs, 1);
    bar.value = batch.done + batch.failed;
    bar.setAttribute('aria-label', `${batch.done + batch.failed} of ${jobs} jobs ended`);
    cell(row, 3, batch.done, 'num done');
    cell(row, 4, batch.failed, batch.failed > 0 ? 'num failed failed-count' : 'num failed');
    cell(row, 5, batch.queued, 'num queued');
    cell(row, 6, batch.total ?? (batch.state === 'OPEN' ? '–' : `${batch.published}…`), 'num total');
    cell(row, 7, `s3://${batch.request.sourceBucket}/${batch.request.sourcePrefix}`);
    cell(row, 8, new Date(batch.createdAt).toLocaleString());
  }
  for (const row of [...tbody.rows]) {
    if (!seen.has(row.dataset.batchId)) {
      row.remove();
    }
  }
  $('no-batches').hidden = page.items.length > 0;
}

function select(batchId) {
  selected = batchId;
  finishedPage = 0;
  finishedShown = '';
  failureClass = null;
  failureClassesShown = '';
  $('retry-status').textContent = '';
  history.replaceState(null, '', `#batch=${encodeURIComponent(batchId)}`);
  refresh(false);
}

async function renderDetail(batchId) {
  const id = encodeURIComponent(batchId);
  const only = failureClass ? `&errorClass=${encodeURIComponent(failureClass)}` : '';
  const [batch, classes, failures, finished] = await Promise.all([
    getJson(`/api/batches/${id}`),
    getJson(`/api/batches/${id}/failures/classes`),
    getJson(`/api/batches/${id}/failures?size=${FAILURES_SHOWN}${only}`),
    getJson(`/api/batches/${id}/done?page=${finishedPage}&size=${FINISHED_PAGE_SIZE}`),
  ]);
  $('detail').hidden = false;
  $('detail-title').textContent = `Batch ${batch.batchId}: ${phase(batch)}`;
  renderFailureClasses(classes);

  const rows = failures.items.map((failure) => {
    const row = document.createElement('tr');
    row.dataset.jobId = failure.jobId;
    for (const [text, className] of [[failure.sourceKey ?? failure.jobId], [failure.errorClass],
      [failure.reason, 'reason'], [failure.attempt, 'num']]) {
      const td = row.insertCell();
      td.textContent = text;
      if (className) td.className = className;
    }
    return row;
  });
  $('failures').tBodies[0].replaceChildren(...rows);
  $('failures').hidden = rows.length === 0;
  $('no-failures').hidden = rows.length > 0;
  $('more-failures').hidden = failures.totalItems <= rows.length;
  $('more-failures').textContent = `…and ${failures.totalItems - rows.length} more (GET /api/batches/${batch.batchId}/failures).`;

  const pages = Math.max(1, Math.ceil(finished.totalItems / FINISHED_PAGE_SIZE));
  const shown = finished.items.map((job) => job.jobId).join(',');
  if (shown !== finishedShown) {
    finishedShown = shown;
    $('finished').replaceChildren(...finished.items.map(thumbnail));
  }
  $('no-finished').hidden = finished.items.length > 0;
  $('finished-pages').hidden = pages <= 1;
  $('page-label').textContent = `Page ${finishedPage + 1} of ${pages}`;
  $('prev-page').disabled = finishedPage === 0;
  $('next-page').disabled = finishedPage + 1 >= pages;
}

/** One button per error class with its count and an example reason; the chosen one filters the table. */
function renderFailureClasses(classes) {
  if (failureClass && !classes.some((c) => c.errorClass === failureClass)) {
    failureClass = null;
  }
  const shown = JSON.stringify([failureClass, classes]);
  if (shown !== failureClassesShown) {
    failureClassesShown = shown;
    $('failure-classes').replaceChildren(...classes.map((c) => {
      const item = document.createElement('li');
      item.dataset.errorClass = c.errorClass;
      const button = document.createElement('button');
      button.type = 'button';
      button.setAttribute('aria-pressed', String(c.errorClass === failureClass));
      const name = document.createElement('strong');
      name.textContent = c.errorClass;
      const count = document.createElement('span');
      count.className = 'count';
      count.textContent = ` ${c.count} `;
      const example = document.createElement('span');
      example.className = 'reason';
      example.textContent = c.example ?? '';
      button.append(name, count, example);
      button.addEventListener('click', () => {
        failureClass = failureClass === c.errorClass ? null : c.errorClass;
        refresh(false);
      });
      item.append(button);
      return item;
    }));
  }
  $('failure-summary').hidden = classes.length === 0;
}

async function retryFailed() {
  const button = $('retry-failed');
  button.disabled = true;
  $('retry-status').textContent = 'Re-enqueuing…';
  try {
    const response = await fetch(`/api/batches/${encodeURIComponent(selected)}/retry-failed`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: '{}',
    });
    const answer = await response.json();
    if (!response.ok) {
      throw new Error(answer.error ?? `${response.status}`);
    }
    const skipped = answer.skipped ? `, ${answer.skipped} skipped` : '';
    $('retry-status').textContent = `${answer.requeued} failed job${answer.requeued === 1 ? '' : 's'} re-enqueued${skipped}.`;
  } catch (error) {
    $('retry-status').textContent = `Not re-enqueued: ${error.message}`;
  } finally {
    button.disabled = false;
    refresh(false);
  }
}

function thumbnail(job) {
  const item = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'thumb';
  button.dataset.jobId = job.jobId;
  const name = job.sourceKey ?? job.jobId;
  const label = document.createElement('span');
  label.textContent = name;
  const camera = document.createElement('span');
  camera.className = 'camera';
  camera.textContent = cameraText(job);
  const ratio = document.createElement('span');
  ratio.className = 'ratio';
  ratio.textContent = ratioText(job);
  if (job.previews.input && job.previews.result) {
    const image = document.createElement('img');
    image.src = job.previews.result;
    image.alt = '';
    image.loading = 'lazy';
    button.append(image, label, camera, ratio);
    button.setAttribute('aria-label', `Compare before and after: ${name}`);
    button.addEventListener('click', () => openComparison(name, job));
  } else {
    label.textContent = `${name} (no preview)`;
    button.append(label);
    button.disabled = true;
  }
  item.append(button);
  return item;
}

/** "Nikon D1 · set 2026-11-27.3": the camera the RAW file names and the model set that enhanced it. */
function cameraText(job) {
  return [job.camera?.label, job.modelSet ? `set ${job.modelSet}` : null].filter(Boolean).join(' · ');
}

/** "ratio ×212 estimated · true ×200" (or "given"), what the worker amplified by beside what the source declares. */
function ratioText(job) {
  const parts = [];
  if (job.ratio != null) {
    parts.push(`ratio ×${formatRatio(job.ratio)} ${job.ratioSource ?? ''}`.trim());
  }
  if (job.trueRatio != null) {
    parts.push(`true ×${formatRatio(job.trueRatio)}`);
  }
  return parts.join(' · ');
}

/** "download 40 ms · decode 820 ms · … · 3.1 s in all": the worker's time per stage for this image. */
function stagesText(stageMs) {
  const stages = Object.entries(stageMs);
  if (stages.length === 0) return '';
  const total = stages.reduce((sum, [, ms]) => sum + ms, 0);
  const format = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`);
  return `${stages.map(([stage, ms]) => `${stage} ${format(ms)}`).join(' · ')} · ${format(total)} in all`;
}

/**
 * Actual pixels (scrollable: the output itself at full size where the browser can show its format, else the result
 * preview, with the "before" drawn at the same size) or both previews fitted to the dialog.
 */
function setZoom(on) {
  $('zoom-frame').classList.toggle('zoomed', on);
  $('zoom').setAttribute('aria-pressed', String(on));
  $('zoom').textContent = on ? 'Fit to window' : 'Actual pixels';
  if (compared) {
    const after = on && compared.output ? compared.output : compared.previews.result;
    if (!$('after').src.endsWith(after)) $('after').src = after;
    sizeBefore();
  }
}

/** At actual pixels the "before" covers exactly the "after" (its preview scaled up to the output's size). */
function sizeBefore() {
  const before = $('before');
  const after = $('after');
  const zoomed = $('zoom-frame').classList.contains('zoomed');
  before.style.width = zoomed && after.naturalWidth ? `${after.naturalWidth}px` : '';
  before.style.height = zoomed && after.naturalHeight ? `${after.naturalHeight}px` : '';
}
$('after').addEventListener('load', sizeBefore);

function formatRatio(value) {
  return value >= 10 ? value.toFixed(0) : value.toFixed(1);
}

/**
 * The "before" side: the dark input as shot (what its camera shows: the worker's input preview brought back down
 * by the ratio it was amplified by, in linear light, so exact except where the amplification clipped) or as the
 * worker amplified it with no network (its input preview itself).
 */
let compared = null;
let shotUrl = null;

async function showBefore(job, view) {
  const before = $('before');
  const amplified = view === 'amplified' || !(job.ratio > 1);
  before.dataset.view = amplified ? 'amplified' : 'shot';
  if (amplified) {
    before.alt = 'Before: the dark RAW file amplified by the same ratio, with no network';
    before.src = job.previews.input;
    return;
  }
  before.alt = 'Before: the dark RAW file as shot';
  before.removeAttribute('src');
  const url = await asShot(job.previews.input, job.ratio);
  if (compared !== job || before.dataset.view !== 'shot') {
    URL.revokeObjectURL(url); // another image or view was chosen meanwhile
    return;
  }
  if (shotUrl) URL.revokeObjectURL(shotUrl);
  shotUrl = url;
  before.src = url;
}

/** The input preview divided by the ratio in linear light (sRGB decoded, divided, encoded): a PNG object URL. */
async function asShot(inputUrl, ratio) {
  const image = new Image();
  image.src = inputUrl;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.naturalWidth;
  canvas.height = image.naturalHeight;
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
  const table = new Uint8ClampedArray(256);
  for (let v = 0; v < 256; v++) {
    const c = v / 255;
    const linear = (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4) / ratio;
    table[v] = Math.round(255 * (linear <= 0.0031308 ? 12.92 * linear : 1.055 * linear ** (1 / 2.4) - 0.055));
  }
  const d = pixels.data;
  for (let i = 0; i < d.length; i += 4) {
    d[i] = table[d[i]];
    d[i + 1] = table[d[i + 1]];
    d[i + 2] = table[d[i + 2]];
  }
  context.putImageData(pixels, 0, 0);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  return URL.createObjectURL(blob);
}

function openComparison(name, job) {
  const previews = job.previews;
  compared = job;
  $('compare-title').textContent = name;
  $('compare-camera').textContent = cameraText(job);
  $('compare-ratio').textContent = ratioText(job);
  $('compare-stages').textContent = stagesText(job.stageMs ?? {});
  $('zoom').title = job.output ? 'The result at full size' : 'The result preview at its own size (browsers cannot show this format)';
  setZoom(false);
  $('amplified-label').textContent = job.ratio != null
    ? `Amplified ×${formatRatio(job.ratio)}, no network` : 'Amplified, no network';
  const view = document.querySelector('input[name="before-view"]:checked').value;
  showBefore(job, view).catch((error) => { $('before').alt = `Before: not shown (${error.message})`; });
  $('after').src = previews.result;
  $('split').value = 50;
  $('compare-frame').style.setProperty('--split', '50%');
  $('compare').showModal();
}

document.querySelectorAll('input[name="before-view"]').forEach((input) => input.addEventListener('change', () => {
  if (compared && input.checked) {
    showBefore(compared, input.value).catch((error) => { $('before').alt = `Before: not shown (${error.message})`; });
  }
}));

$('split').addEventListener('input', (event) => {
  $('compare-frame').style.setProperty('--split', `${event.target.value}%`);
});
/**
 * Uploads the chosen files: the dispatcher signs one PUT URL per file (POST /api/uploads), the browser sends the
 * bytes straight to the object store, then asks for a batch of the upload's folder and shows it.
 */
async function upload(files) {
  const list = [...files];
  if (list.length === 0) return;
  const status = $('upload-status');
  const bar = $('upload-progress');
  try {
    status.textContent = `Preparing ${list.length} file${list.length === 1 ? '' : 's'}…`;
    const response = await fetch('/api/uploads', {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ files: list.map((file) => ({ name: file.name, size: file.size })) }),
    });
    const signed = await response.json();
    if (!response.ok) {
      const fields = (signed.fields ?? []).map((f) => {
        const index = /files\[(\d+)]/.exec(f.field);
        return `${index ? list[Number(index[1])].name : f.field}: ${f.message}`;
      });
      throw new Error([signed.error, ...fields].filter(Boolean).join('; '));
    }
    const total = list.reduce((sum, file) => sum + file.size, 0);
    const sent = new Array(list.length).fill(0);
    bar.hidden = false;
    bar.value = 0;
    await Promise.all(signed.files.map((target, i) => put(target.url, list[i], (loaded) => {
      sent[i] = loaded;
      bar.value = sent.reduce((a, b) => a + b, 0) / total;
      status.textContent = `Uploading: ${Math.round(bar.value * 100)} %`;
    })));
    const batch = await fetch('/api/batches', {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ sourceBucket: signed.sourceBucket, sourcePrefix: signed.sourcePrefix,
        requestId: signed.uploadId, maxBytes: signed.maxBytes }),
    });
    const created = await batch.json();
    if (!batch.ok) throw new Error(created.error ?? `${batch.status}`);
    status.textContent = `Uploaded ${list.length} file${list.length === 1 ? '' : 's'}: batch ${created.batchId}.`;
    select(created.batchId);
  } catch (error) {
    status.textContent = `Not uploaded: ${error.message}`;
  } finally {
    bar.hidden = true;
    $('upload-files').value = '';
  }
}

/** PUT of one file to its signed URL, reporting bytes sent. */
function put(url, file, progress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('PUT', url);
    request.upload.addEventListener('progress', (event) => progress(event.loaded));
    request.addEventListener('load', () => (request.status >= 200 && request.status < 300
      ? (progress(file.size), resolve())
      : reject(new Error(`${file.name}: the store answered ${request.status}`))));
    request.addEventListener('error', () => reject(new Error(`${file.name}: the store could not be reached`)));
    request.send(file);
  });
}

$('upload-files').addEventListener('change', (event) => upload(event.target.files));
$('drop').addEventListener('dragover', (event) => { event.preventDefault(); $('drop').classList.add('over'); });
$('drop').addEventListener('dragleave', () => $('drop').classList.remove('over'));
$('drop').addEventListener('drop', (event) => {
  event.preventDefault();
  $('drop').classList.remove('over');
  upload(event.dataTransfer.files);
});
$('retry-failed').addEventListener('click', retryFailed);
$('zoom').addEventListener('click', () => setZoom(!$('zoom-frame').classList.contains('zoomed')));
$('prev-page').addEventListener('click', () => { finishedPage = Math.max(0, finishedPage - 1); refresh(false); });
$('next-page').addEventListener('click', () => { finishedPage += 1; refresh(false); });

/** Workers (alive while in the workers' consumer group), lag, rate and the running batches' ETAs. */
function renderFleet(fleet) {
  const alive = fleet.workers.filter((w) => w.alive).length;
  const rate = fleet.imagesPerMinute >= 10 ? fleet.imagesPerMinute.toFixed(0) : fleet.imagesPerMinute.toFixed(1);
  const lag = fleet.lag >= 0 ? `${fleet.lag} job${fleet.lag === 1 ? '' : 's'} waiting` : 'lag unknown';
  $('fleet-summary').textContent = fleet.groupError
    ? `The workers' group cannot be read: ${fleet.groupError}`
    : `${alive} worker${alive === 1 ? '' : 's'} alive · ${lag} · ${rate} images/min over 10 min`;
  const rows = fleet.workers.map((w) => {
    const row = document.createElement('tr');
    row.dataset.workerId = w.workerId;
    for (const text of [w.workerId, w.alive ? 'alive' : 'gone', w.modelSet ?? '–', w.resultsLast10Min,
      w.lastResultAt ? new Date(w.lastResultAt).toLocaleTimeString() : '–',
      w.partitions.length ? w.partitions.join(', ') : (w.alive ? 'none (idle: more workers than partitions)' : '–')]) {
      row.insertCell().textContent = text;
    }
    row.cells[3].className = 'num';
    return row;
  });
  $('fleet').tBodies[0].replaceChildren(...rows);
  $('fleet').hidden = rows.length === 0;
  $('etas').replaceChildren(...fleet.batches.map((b) => {
    const item = document.createElement('li');
    item.dataset.batchId = b.batchId;
    item.textContent = `${b.batchId}: ${b.queued} queued, ${b.etaSeconds == null ? 'no rate yet'
      : `about ${formatDuration(b.etaSeconds)} left`}`;
    return item;
  }));
}

function formatDuration(seconds) {
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

async function refresh(schedule = true) {
  try {
    const [batchesPage, fleet] = await Promise.all([getJson('/api/batches?size=50'), getJson('/api/fleet')]);
    renderBatches(batchesPage);
    renderFleet(fleet);
    if (selected) {
      await renderDetail(selected);
    }
    $('status').textContent = `Updated ${new Date().toLocaleTimeString()}; refreshes every ${POLL_MS / 1000} s.`;
  } catch (error) {
    $('status').textContent = `Cannot reach the dispatcher: ${error.message}. Retrying.`;
  }
  if (schedule) {
    setTimeout(refresh, POLL_MS);
  }
}

refresh();
