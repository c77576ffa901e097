package io.nightshift.worker.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The container's limit from cgroup files, on fixture folders laid out as the kernel mounts them
 * ({@code src/test/resources/cgroup/*}): v2 {@code memory.max} with a number or {@code max}, in the process's own
 * cgroup or at the root; v1 {@code memory.limit_in_bytes} with a number or the unlimited sentinel; no files at all.
 */
class ContainerMemoryTest {

    private static final String V2_SELF = "0::/\n";
    private static final String HYBRID_SELF = "4:memory:/process_api/abc\n1:cpu:/\n0::/\n";

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(ContainerMemoryTest.class.getResource("/cgroup/" + name).toURI());
    }

    @Test
    void cgroupV2ANumberIsTheLimitAndMaxIsNone() throws Exception {
        assertEquals(OptionalLong.of(4L << 30), ContainerMemory.limit(fixture("v2-limit"), V2_SELF));
        assertEquals(OptionalLong.empty(), ContainerMemory.limit(fixture("v2-max"), V2_SELF));
    }

    @Test
    void cgroupV2TheProcessesOwnCgroupOnAHost() throws Exception {
        assertEquals(OptionalLong.of(2L << 30),
                ContainerMemory.limit(fixture("v2-nested"), "0::/system.slice/worker.service\n"));
    }

    @Test
    void cgroupV1ANumberIsTheLimitAndTheSentinelIsNone() throws Exception {
        assertEquals(OptionalLong.of(3L << 30), ContainerMemory.limit(fixture("v1-limit"), HYBRID_SELF));
        assertEquals(OptionalLong.empty(), ContainerMemory.limit(fixture("v1-unlimited"), HYBRID_SELF));
    }

    @Test
    void cgroupV1TheProcessesOwnCgroupBeforeTheRoot() throws Exception {
        assertEquals(OptionalLong.of(1536L << 20), ContainerMemory.limit(fixture("v1-nested"), HYBRID_SELF));
        // a cgroup path the mount does not show (a container's namespace): the root's file
        assertEquals(OptionalLong.empty(), ContainerMemory.limit(fixture("v1-nested"), "4:memory:/elsewhere\n"));
    }

    @Test
    void absentFilesMeanNoLimit() throws Exception {
        assertEquals(OptionalLong.empty(), ContainerMemory.limit(fixture("none"), V2_SELF));
        assertEquals(OptionalLong.empty(), ContainerMemory.limit(fixture("none"), ""));
        assertEquals(OptionalLong.empty(), ContainerMemory.limit(Path.of("/nonexistent-cgroup-root"), HYBRID_SELF));
    }

    @Test
    void fileContents() {
        assertEquals(OptionalLong.of(1024), ContainerMemory.parse("1024\n"));
        assertEquals(OptionalLong.empty(), ContainerMemory.parse("max\n"));
        assertEquals(OptionalLong.empty(), ContainerMemory.parse(""));
        assertEquals(OptionalLong.empty(), ContainerMemory.parse("9223372036854771712"));
        assertEquals(OptionalLong.empty(), ContainerMemory.parse("garbage"));
    }
}
