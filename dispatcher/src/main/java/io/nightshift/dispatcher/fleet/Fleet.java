package io.nightshift.dispatcher.fleet;

import io.nightshift.dispatcher.batch.BatchOrigin;
import io.nightshift.dispatcher.batch.BatchRecord;
import io.nightshift.dispatcher.batch.BatchState;
import io.nightshift.dispatcher.batch.Batches;
import io.nightshift.dispatcher.config.DispatcherConfig;
import io.nightshift.dispatcher.progress.Counts;
import io.nightshift.dispatcher.progress.Progress;
import io.nightshift.dispatcher.publishing.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet panel's figures, from what the system already has, no store of its own: the workers' consumer group
 * (members, partitions, lag: {@link WorkerGroup}, asked at most every 2 s), their recent results
 * ({@link FleetActivity}) and each running batch's queued jobs, whose ETA is queued ÷ the fleet's recent rate.
 */
@ApplicationScoped
public class Fleet {
    private static final Logger LOG = Logger.getLogger(Fleet.class);
    private static final Duration ASK_EVERY = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Inject
    KafkaClients clients;

    @Inject
    DispatcherConfig config;

    @Inject
    FleetActivity activity;

    @Inject
    Progress progress;

    @Inject
    Batches batches;

    private Admin admin;
    private WorkerGroup.State group;
    private String groupError;
    private long askedAt;

    /** One worker on the panel. */
    public record WorkerView(String workerId, boolean alive, String host, List<Integer> partitions,
                             Instant lastResultAt, String modelSet, int resultsLast10Min) {
    }

    /** A running batch's queued jobs and when they should be done at the fleet's recent rate (null: no rate yet). */
    public record BatchEta(String batchId, long queued, Long etaSeconds) {
    }

    /**
     * @param lag            jobs on the jobs topic not yet committed by the workers' group, or -1 when unknown
     * @param imagesPerMinute results per minute over the last 10 minutes, all workers
     * @param groupError      why the group could not be described, or null
     */
    public record View(String group, String groupState, List<WorkerView> workers, long lag, double imagesPerMinute,
                       List<BatchEta> batches, String groupError) {
    }

    public View view() {
        WorkerGroup.State state = group();
        Map<String, WorkerView> workers = new LinkedHashMap<>();
        if (state != null) {
            for (WorkerGroup.Member member : state.members()) {
                FleetActivity.WorkerActivity seen = activity.worker(member.workerId());
                workers.put(member.workerId(), new WorkerView(member.workerId(), true, member.host(),
                        member.partitions(), seen == null ? null : seen.lastResultAt(),
                        seen == null ? null : seen.modelSet(), seen == null ? 0 : seen.resultsInWindow()));
            }
        }
        for (FleetActivity.WorkerActivity seen : activity.workers()) {
            workers.putIfAbsent(seen.workerId(), new WorkerView(seen.workerId(), false, null, List.of(),
                    seen.lastResultAt(), seen.modelSet(), seen.resultsInWindow()));
        }
        double perMinute = activity.perMinute();
        List<BatchEta> etas = new ArrayList<>();
        for (BatchRecord batch : batches.all()) {
            if (batch.state() == BatchState.CANCELLING || batch.state() == BatchState.CANCELLED
                    || batch.origin() == BatchOrigin.NOTIFICATIONS) {
                continue;
            }
            Counts counts = progress.counts(batch.batchId());
            long jobs = batch.total() != null ? batch.total() : batches.published(batch);
            long queued = counts.queued(jobs);
            if (queued > 0) {
                etas.add(new BatchEta(batch.batchId(), queued,
                        perMinute > 0 ? Math.round(queued / perMinute * 60) : null));
            }
        }
        return new View(config.fleet().workerGroup(), state == null ? null : state.groupState(),
                List.copyOf(workers.values()), state == null ? -1 : state.lag(), perMinute, etas, groupError);
    }

    private synchronized WorkerGroup.State group() {
        if (System.nanoTime() - askedAt < ASK_EVERY.toNanos() && (group != null || groupError != null)) {
            return group;
        }
        askedAt = System.nanoTime();
        try {
            if (admin == null) {
                admin = clients.newAdmin("nightshift-dispatcher-fleet");
            }
            group = new WorkerGroup(admin, config.fleet().workerGroup(), config.topics().jobs()).describe(TIMEOUT);
            groupError = null;
        } catch (Exception e) {
            String reason = e.getCause() != null ? e.getCause().toString() : e.toString();
            if (!reason.equals(groupError)) {
                LOG.warnf("fleet: the workers' group %s could not be described: %s", config.fleet().workerGroup(),
                        reason);
            }
            group = null;
            groupError = reason;
        }
        return group;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
