package io.nightshift.inference.engine;

import io.nightshift.contract.PlanarImage;
import io.nightshift.inference.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a JVM of its own by {@link SharedThreadPoolTest} (ONNX Runtime's environment, and so its pools, are made
 * once per process): an engine with the thread pool of {@code args[0]} and 3 intra-op threads loads three enhancers
 * and runs each once, printing the process's thread count before the first session and after all, and whether
 * the engine shares its pool, as {@code sharing threadsBefore threadsAfter}.
 */
public final class ThreadPoolProbe {
    private ThreadPoolProbe() {
    }

    public static void main(String[] args) throws Exception {
        ThreadPool pool = ThreadPool.fromSetting(args[0]);
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu(3).withSpinWait(false).withThreadPool(pool))) {
            // one session first: the environment and, shared, its pool exist from here on
            EnhancerSession first = engine.loadEnhancer(TestModels.enhancer(1));
            first.run(PlanarImage.zeros(4, 32, 32));
            int before = threads();
            List<EnhancerSession> more = new ArrayList<>();
            for (int i = 2; i <= 4; i++) {
                EnhancerSession s = engine.loadEnhancer(TestModels.enhancer(i));
                s.run(PlanarImage.zeros(4, 32, 32));
                more.add(s);
            }
            System.out.println(engine.sharesThreadPool() + " " + before + " " + threads());
            for (EnhancerSession s : more) {
                s.close();
            }
            first.close();
        }
    }

    private static int threads() throws IOException {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            return (int) tasks.count();
        }
    }
}
