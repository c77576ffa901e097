package io.nightshift.client.archive;

import io.nightshift.client.fleet.BatchFollower;
import io.nightshift.client.fleet.BatchSpec;
import io.nightshift.client.fleet.BatchStatus;
import io.nightshift.client.fleet.DispatcherClient;
import io.nightshift.client.fleet.FailedJob;
import io.nightshift.client.fleet.FinishedJob;
import io.nightshift.client.fleet.FleetException;
import io.nightshift.client.fleet.ProgressBar;
import io.nightshift.client.store.ObjectStore;
import io.nightshift.client.store.StoreException;
import io.nightshift.client.store.StoreLocation;
import io.nightshift.protocol.KeyNotAllowedException;
import io.nightshift.protocol.RawExtensions;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One run of a local folder through the fleet. First, a batch an earlier run left running ({@link PendingRun}) is
 * followed to its end and its results downloaded. Then: scan, skip what is done, upload the rest under a new folder
 * of the RAW bucket ({@code process/<run id>/}), dispatch that folder as one batch, download each result as it
 * finishes (mirroring the folder tree, recorded in the {@link DoneLedger} at once), and account for every file:
 * done, skipped, or failed with a reason.
 */
public final class ArchiveRun {
    private static final Duration POLL = Duration.ofMillis(500);
    /** Results are fetched at most this often while a batch runs (the list of done jobs is re-read each time). */
    private static final Duration DOWNLOAD_INTERVAL = Duration.ofSeconds(2);
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /**
     * @param ratio      an explicit amplification ratio, or null to let the workers estimate it
     * @param force      redo files that are done
     * @param stallLimit give up when a batch has not moved for this long
     */
    public record Settings(Path inDir, Path outDir, String format, Double ratio, boolean force, String rawBucket,
                           String resultsBucket, Duration stallLimit) {
    }

    private final Settings settings;
    private final ObjectStore store;
    private final DispatcherClient dispatcher;
    private final Runnable health;
    private final PrintStream log;
    private final DoneLedger ledger;
    private final List<ArchiveFailure> failures = new ArrayList<>();
    private int downloadedCount;

    /** @param health throws a {@code FleetException} when a service the run started has gone (see {@link BatchFollower}) */
    public ArchiveRun(Settings settings, ObjectStore store, DispatcherClient dispatcher, Runnable health, PrintStream log) {
        this.settings = settings;
        this.store = store;
        this.dispatcher = dispatcher;
        this.health = health;
        this.log = log;
        this.ledger = DoneLedger.open(settings.outDir());
    }

    public ArchiveReport run() throws InterruptedException {
        long started = System.nanoTime();
        PendingRun.read(settings.outDir()).ifPresent(this::resume);

        LocalArchive archive = LocalArchive.scan(settings.inDir(), settings.outDir());
        failures.addAll(archive.problems());
        String runId = RUN_TIME.format(Instant.now()) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(1 << 16));
        String prefix = "process/" + runId + "/";
        Map<String, RawFile> files = new LinkedHashMap<>();
        int skipped = 0;
        for (RawFile file : archive.files()) {
            try {
                if (!settings.force() && ledger.isDone(file, settings.format(), settings.ratio())) {
                    skipped++;
                    continue;
                }
                String key = KeyRule.keyOf(prefix, file.relative());
                RawFile same = files.get(key);
                if (same != null) {
                    failures.add(new ArchiveFailure(file.name(), "KEY_COLLISION", "its key is the key of " + same.name()
                            + " (names equal in Unicode NFC): rename one"));
                    continue;
                }
                files.put(key, file);
            } catch (KeyNotAllowedException e) {
                failures.add(new ArchiveFailure(file.name(), "KEY_NOT_ALLOWED", e.getMessage()));
            }
        }
        log.printf(Locale.ROOT, "%d RAW files in %s: %d done before, %d to process%s%n", archive.files().size(),
                settings.inDir(), skipped, files.size(), failures.isEmpty() ? "" : ", " + failures.size() + " refused");

        Map<String, PendingRun.Entry> byKey = upload(files);
        int uploaded = byKey.size();
        if (uploaded == 0) {
            return report(archive, 0, skipped, started, null);
        }
        BatchStatus batch = dispatcher.submit(new BatchSpec(settings.rawBucket(), prefix, settings.resultsBucket(),
                prefix, settings.format(), settings.ratio(), RawExtensions.defaults(), "process-" + runId));
        PendingRun pending = new PendingRun(batch.batchId(), prefix, settings.format(), settings.ratio(),
                List.copyOf(byKey.values()));
        pending.write(settings.outDir());
        log.println("batch " + batch.batchId() + ": " + uploaded + " files, results into " + settings.outDir());
        BatchStatus ended = follow(pending, batch, true);
        PendingRun.delete(settings.outDir());
        return report(archive, uploaded, skipped, started, ended.batchId());
    }

    /** Follows an earlier run's batch to its end and downloads its results; its failures are tried again after. */
    private void resume(PendingRun earlier) {
        if (!earlier.format().equals(settings.format()) || !Objects.equals(earlier.givenRatio(), settings.ratio())) {
            log.println("an earlier run's batch " + earlier.batchId() + " asked for other settings; it is not followed");
            PendingRun.delete(settings.outDir());
            return;
        }
        BatchStatus batch;
        try {
            batch = dispatcher.batch(earlier.batchId());
        } catch (FleetException e) {
            log.println("an earlier run's batch " + earlier.batchId() + " is not known to the dispatcher ("
                    + e.getMessage() + "); its files are processed again");
            PendingRun.delete(settings.outDir());
            return;
        }
        log.println("following batch " + batch.batchId() + " of an earlier run (" + earlier.files().size()
                + " files) to its end");
        try {
            follow(earlier, batch, false); // stopped again meanwhile: the pending run stays for the next run
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException("interrupted");
        }
        PendingRun.delete(settings.outDir());
    }

    /**
     * Follows the batch, downloading results as they come; with {@code account}, records every file without a
     * result as a failure once the batch has ended.
     */
    private BatchStatus follow(PendingRun run, BatchStatus batch, boolean account) throws InterruptedException {
        Map<String, PendingRun.Entry> byKey = new LinkedHashMap<>();
        run.files().forEach(entry -> byKey.put(entry.key(), entry));
        Set<String> downloaded = new HashSet<>();
        Set<String> failed = new HashSet<>();
        long[] lastPass = {0};
        long[] lastDone = {-1};
        BatchStatus ended = new BatchFollower(dispatcher, ProgressBar.onConsole("process"), POLL, settings.stallLimit(),
                health).follow(batch, status -> {
                    boolean due = System.nanoTime() - lastPass[0] >= DOWNLOAD_INTERVAL.toNanos();
                    if (status.ended() || (status.done() != lastDone[0] && due)) {
                        lastDone[0] = status.done();
                        lastPass[0] = System.nanoTime();
                        download(run, byKey, downloaded, failed);
                    }
                }).batch();
        download(run, byKey, downloaded, failed); // whatever the last pass before the end did not see
        if (!account) {
            return ended;
        }
        for (FailedJob job : dispatcher.failures(ended.batchId())) {
            PendingRun.Entry entry = job.sourceKey() == null ? null : byKey.get(job.sourceKey());
            if (entry != null && !downloaded.contains(entry.key()) && failed.add(entry.key())) {
                failures.add(new ArchiveFailure(entry.path(), job.errorClass(), job.reason()));
            }
        }
        for (PendingRun.Entry entry : byKey.values()) {
            if (!downloaded.contains(entry.key()) && failed.add(entry.key())) {
                failures.add(new ArchiveFailure(entry.path(), "NOT_PROCESSED",
                        "the batch ended (" + ended.state() + ") without a result for it"));
            }
        }
        return ended;
    }

    /**
     * Uploads every file, hashing it on the way; a file that cannot be read or uploaded goes to the failures.
     *
     * @return the uploaded files by key, each with the hash of what was uploaded
     */
    private Map<String, PendingRun.Entry> upload(Map<String, RawFile> files) {
        Map<String, PendingRun.Entry> uploaded = new LinkedHashMap<>();
        long total = files.values().stream().mapToLong(RawFile::size).sum();
        long sent = 0;
        int done = 0;
        ProgressBar bar = ProgressBar.onConsole("upload");
        for (Map.Entry<String, RawFile> entry : files.entrySet()) {
            RawFile file = entry.getValue();
            try {
                String sha256 = store.put(file.file(), new StoreLocation(settings.rawBucket(), entry.getKey()), Map.of());
                uploaded.put(entry.getKey(), new PendingRun.Entry(entry.getKey(), file.name(), sha256, file.size(),
                        file.modifiedMillis()));
            } catch (StoreException e) {
                failures.add(new ArchiveFailure(file.name(), "UPLOAD_FAILED", e.getMessage()));
            } catch (UncheckedIOException e) {
                failures.add(new ArchiveFailure(file.name(), "UNREADABLE", e.getMessage()));
            }
            sent += file.size();
            bar.show(++done, files.size(), String.format(Locale.ROOT, "files, %.1f of %.1f MB", sent / 1e6, total / 1e6));
        }
        if (!files.isEmpty()) {
            bar.finish();
        }
        return uploaded;
    }

    /** Downloads the results not downloaded yet and records each in the ledger as soon as it is on disk. */
    private void download(PendingRun run, Map<String, PendingRun.Entry> byKey, Set<String> downloaded, Set<String> failed) {
        for (FinishedJob job : dispatcher.finished(run.batchId())) {
            PendingRun.Entry entry = job.sourceKey() == null ? null : byKey.get(job.sourceKey());
            if (entry == null || downloaded.contains(entry.key()) || failed.contains(entry.key())) {
                continue;
            }
            try {
                Path output = KeyRule.localOutput(settings.outDir(), run.prefix(), job.outputKey());
                store.get(new StoreLocation(settings.resultsBucket(), job.outputKey()), output);
                ledger.record(new DoneRecord(entry.path(), entry.sha256(), entry.size(), entry.modifiedMillis(),
                        run.format(), run.givenRatio(), job.modelSet(),
                        settings.outDir().toAbsolutePath().normalize().relativize(output).toString().replace('\\', '/'),
                        job.ratio(), job.ratioSource(), Instant.now().toString()));
                downloaded.add(entry.key());
                downloadedCount++;
            } catch (StoreException | KeyNotAllowedException | UncheckedIOException e) {
                failed.add(entry.key());
                failures.add(new ArchiveFailure(entry.path(), "DOWNLOAD_FAILED", e.getMessage()));
            }
        }
    }

    private ArchiveReport report(LocalArchive archive, int uploaded, int skipped, long started, String batchId) {
        return new ArchiveReport(archive.files().size(), uploaded, skipped, downloadedCount, failures.size(),
                Math.round((System.nanoTime() - started) / 1e8) / 10.0, batchId, List.copyOf(failures));
    }
}
