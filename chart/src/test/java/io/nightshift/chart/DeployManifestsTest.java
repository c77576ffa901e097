package io.nightshift.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** deploy/manifests/nightshift.yaml is the chart rendered with its documented defaults, byte for byte. */
class DeployManifestsTest {

    @Test
    void theManifestsAreTheChartsDefaults() throws Exception {
        Path home = ChartRenderer.home();
        String rendered = ChartRenderer.of(home).render(List.of(), Map.of());
        String committed = Files.readString(home.resolve("deploy/manifests/nightshift.yaml"));
        assertEquals(rendered, committed, "deploy/manifests/nightshift.yaml differs from the chart's defaults: run"
                + " ./nightshift chart render > deploy/manifests/nightshift.yaml");
    }
}
