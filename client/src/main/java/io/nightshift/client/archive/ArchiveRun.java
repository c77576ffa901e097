package io.nightshift.client.archive;

import io.nightshift.client.fleet.BatchSpec;
import io.nightshift.client.fleet.BatchStatus;
import io.nightshift.client.fleet.DispatcherClient;
import io.nightshift.client.fleet.FailedJob;
import io.nightshift.client.fleet.FinishedJob;
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
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One run of a local folder through the fleet: scan, skip what is done, upload the rest under a new folder of the
 * RAW bucket ({@code process/<run id>/}), dispatch that folder as one batch, download each result as it finishes
 * (mirroring the folder tree, recorded in the {@link DoneLedger} at once), and account for every file: done,
 * skipped, or failed with a reason.
 */
public final class ArchiveRun {
    private static final Duration POLL = Duration.ofMillis(500);
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /**
     * @param ratio an explicit amplification ratio, or null to let the workers estimate it
     * @param force redo files that are done
     */
    public record Settings(Path inDir, Path outDir, String format, Double ratio, boolean force, String rawBucket,
                           String resultsBucket) {
    }

    private final Settings settings;
    private final ObjectStore store;
    private final DispatcherClient dispatcher;
    private final PrintStream log;

    public ArchiveRun(Settings settings, ObjectStore store, DispatcherClient dispatcher, PrintStream log) {
        this.settings = settings;
        this.store = store;
        this.dispatcher = dispatcher;
        this.log = log;
    }

    public ArchiveReport run() throws InterruptedException {
        long started = System.nanoTime();
        List<RawFile> files = LocalArchive.scan(settings.inDir());
        DoneLedger ledger = DoneLedger.open(settings.outDir());
        List<ArchiveFailure> failures = new ArrayList<>();
        String runId = RUN_TIME.format(Instant.now()) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(1 << 16));
        String prefix = "process/" + runId + "/";

        List<RawFile> todo = new ArrayList<>();
        Map<String, RawFile> byKey = new LinkedHashMap<>();
        Map<String, String> hashes = new LinkedHashMap<>();
        int skipped = 0;
        for (RawFile file : files) {
            try {
                if (!settings.force() && ledger.isDone(file, settings.format())) {
                    skipped++;
                    continue;
                }
                String key = KeyRule.keyOf(prefix, file.relative());
                hashes.put(file.name(), DoneLedger.sha256(file.file()));
                byKey.put(key, file);
                todo.add(file);
            } catch (KeyNotAllowedException e) {
                failures.add(new ArchiveFailure(file.name(), "KEY_NOT_ALLOWED", e.getMessage()));
            } catch (UncheckedIOException e) {
                failures.add(new ArchiveFailure(file.name(), "UNREADABLE", e.getMessage()));
            }
        }
        log.printf(Locale.ROOT, "%d RAW files in %s: %d done before, %d to process%s%n", files.size(),
                settings.inDir(), skipped, todo.size(), failures.isEmpty() ? "" : ", " + failures.size() + " refused");

        int uploaded = upload(byKey, failures);
        if (uploaded == 0) {
            return new ArchiveReport(files.size(), 0, skipped, 0, failures.size(), seconds(started), null, failures);
        }
        BatchStatus batch = dispatcher.submit(new BatchSpec(settings.rawBucket(), prefix, settings.resultsBucket(),
                prefix, settings.format(), settings.ratio(), RawExtensions.defaults(), "process-" + runId));
        log.println("batch " + batch.batchId() + ": " + uploaded + " files, results into " + settings.outDir());

        Set<String> downloaded = new HashSet<>();
        Set<String> failed = new HashSet<>();
        ProgressBar bar = ProgressBar.onConsole("process");
        long lastDone = -1;
        long followStart = System.nanoTime();
        while (true) {
            batch = dispatcher.batch(batch.batchId());
            boolean ended = batch.ended();
            if (batch.done() != lastDone || ended) {
                lastDone = batch.done();
                download(batch.batchId(), prefix, byKey, hashes, ledger, downloaded, failed, failures);
            }
            bar.show(batch, seconds(followStart));
            if (ended) {
                break;
            }
            Thread.sleep(POLL.toMillis());
        }
        bar.finish();

        for (FailedJob job : dispatcher.failures(batch.batchId())) {
            RawFile file = job.sourceKey() == null ? null : byKey.get(job.sourceKey());
            if (file != null && !downloaded.contains(job.sourceKey()) && failed.add(job.sourceKey())) {
                failures.add(new ArchiveFailure(file.name(), job.errorClass(), job.reason()));
            }
        }
        for (Map.Entry<String, RawFile> entry : byKey.entrySet()) {
            if (!downloaded.contains(entry.getKey()) && failed.add(entry.getKey())) {
                failures.add(new ArchiveFailure(entry.getValue().name(), "NOT_PROCESSED",
                        "the batch ended (" + batch.state() + ") without a result for it"));
            }
        }
        return new ArchiveReport(files.size(), uploaded, skipped, downloaded.size(), failures.size(),
                seconds(started), batch.batchId(), failures);
    }

    /** Uploads every file of {@code byKey}; a file that cannot be uploaded leaves the map for the failures. */
    private int upload(Map<String, RawFile> byKey, List<ArchiveFailure> failures) {
        long total = byKey.values().stream().mapToLong(RawFile::size).sum();
        int files = byKey.size();
        long sent = 0;
        int count = 0;
        ProgressBar bar = ProgressBar.onConsole("upload");
        for (var it = byKey.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, RawFile> entry = it.next();
            try {
                store.put(entry.getValue().file(), new StoreLocation(settings.rawBucket(), entry.getKey()), Map.of());
                count++;
            } catch (StoreException e) {
                failures.add(new ArchiveFailure(entry.getValue().name(), "UPLOAD_FAILED", e.getMessage()));
                it.remove();
            }
            sent += entry.getValue().size();
            bar.show(count, files, String.format(Locale.ROOT, "files, %.1f of %.1f MB",
                    sent / 1e6, total / 1e6));
        }
        if (count > 0) {
            bar.finish();
        }
        return count;
    }

    /** Downloads the results not downloaded yet and records each in the ledger as soon as it is on disk. */
    private void download(String batchId, String prefix, Map<String, RawFile> byKey, Map<String, String> hashes,
                          DoneLedger ledger, Set<String> downloaded, Set<String> failed, List<ArchiveFailure> failures) {
        for (FinishedJob job : dispatcher.finished(batchId)) {
            RawFile file = job.sourceKey() == null ? null : byKey.get(job.sourceKey());
            if (file == null || downloaded.contains(job.sourceKey()) || failed.contains(job.sourceKey())) {
                continue;
            }
            try {
                Path output = KeyRule.localOutput(settings.outDir(), prefix, job.outputKey());
                store.get(new StoreLocation(settings.resultsBucket(), job.outputKey()), output);
                ledger.record(new DoneRecord(file.name(), hashes.get(file.name()), file.size(), file.modifiedMillis(),
                        settings.format(), job.modelSet(),
                        settings.outDir().toAbsolutePath().normalize().relativize(output).toString().replace('\\', '/'),
                        job.ratio(), job.ratioSource(), Instant.now().toString()));
                downloaded.add(job.sourceKey());
            } catch (StoreException | KeyNotAllowedException | UncheckedIOException e) {
                failed.add(job.sourceKey());
                failures.add(new ArchiveFailure(file.name(), "DOWNLOAD_FAILED", e.getMessage()));
            }
        }
    }

    private static double seconds(long since) {
        return Math.round((System.nanoTime() - since) / 1e8) / 10.0;
    }
}
