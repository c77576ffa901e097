package io.nightshift.dispatcher.fleet;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The workers' consumer group as the broker describes it: who is in it now (a worker is alive while it is a member),
 * which partitions of the jobs topic each holds, and the group's lag on the jobs topic (jobs not yet committed).
 * Worker ids come from the members' client ids ({@code nightshift-worker-<id>}, as the worker names its consumer).
 */
public final class WorkerGroup {
    static final String CLIENT_PREFIX = "nightshift-worker-";

    /** A member of the group. */
    public record Member(String workerId, String host, List<Integer> partitions) {
    }

    /** The group now: its members and its lag on the jobs topic (-1 when the broker did not say). */
    public record State(String group, String groupState, List<Member> members, long lag) {
    }

    private final Admin admin;
    private final String group;
    private final String jobsTopic;

    public WorkerGroup(Admin admin, String group, String jobsTopic) {
        this.admin = admin;
        this.group = group;
        this.jobsTopic = jobsTopic;
    }

    /** @throws Exception when the broker does not answer within {@code timeout} */
    public State describe(Duration timeout) throws Exception {
        long ms = timeout.toMillis();
        ConsumerGroupDescription description;
        try {
            description = admin.describeConsumerGroups(List.of(group)).all().get(ms, TimeUnit.MILLISECONDS).get(group);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) { // no worker ever joined
                return new State(group, "NONE", List.of(), lag(ms));
            }
            throw e;
        }
        List<Member> members = new ArrayList<>();
        for (MemberDescription member : description.members()) {
            String id = member.clientId().startsWith(CLIENT_PREFIX)
                    ? member.clientId().substring(CLIENT_PREFIX.length()) : member.clientId();
            List<Integer> partitions = member.assignment().topicPartitions().stream()
                    .filter(tp -> tp.topic().equals(jobsTopic)).map(TopicPartition::partition)
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new)).stream().toList();
            members.add(new Member(id, member.host(), partitions));
        }
        members.sort(java.util.Comparator.comparing(Member::workerId));
        return new State(group, String.valueOf(description.groupState()), members, lag(ms));
    }

    /** Sum over the jobs topic's partitions of end − committed (end − start where the group committed nothing). */
    private long lag(long ms) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(ms, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw e;
            }
            committed = Map.of();
        }
        List<TopicPartition> partitions = admin.describeTopics(List.of(jobsTopic)).allTopicNames()
                .get(ms, TimeUnit.MILLISECONDS).get(jobsTopic).partitions().stream()
                .map(p -> new TopicPartition(jobsTopic, p.partition())).toList();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        partitions.forEach(tp -> {
            latest.put(tp, OffsetSpec.latest());
            earliest.put(tp, OffsetSpec.earliest());
        });
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(latest).all()
                .get(ms, TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> start = admin.listOffsets(earliest).all()
                .get(ms, TimeUnit.MILLISECONDS);
        long lag = 0;
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata at = committed.get(tp);
            long from = at != null ? at.offset() : start.get(tp).offset();
            lag += Math.max(0, end.get(tp).offset() - from);
        }
        return lag;
    }
}
