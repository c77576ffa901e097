package io.nightshift.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts an unpacked image's entrypoint the way a pod runs it, without a container runtime: as root, in a mount
 * namespace of its own ({@code unshare --mount}, so every mount below vanishes with the process and none is ever
 * seen outside), the image's tree bind-mounted read-only onto itself (the chart's {@code readOnlyRootFilesystem}),
 * a fresh tmpfs at {@code /tmp} (the pod's emptyDir), {@code /proc}, the machine's {@code /dev} and {@code /sys}
 * (read-only, as a container runtime gives it), then
 * {@code chroot} into it as the image's user with exactly the image's environment plus {@code extraEnv}. The
 * network is this machine's: the process reaches services on 127.0.0.1. When the JVM that started it goes away (even
 * by SIGKILL) the process is killed: a watcher outside the chroot holds the standard input the JVM gives it. Linux and
 * root only.
 */
public final class ChrootContainer {
    private static final String SCRIPT = """
            set -e
            root="$1"; user="$2"; shift 2
            mount --bind "$root" "$root"
            mount -o remount,bind,ro "$root"
            mount -t tmpfs -o mode=1777,size=2g tmpfs "$root/tmp"
            mount -t proc proc "$root/proc"
            mount --rbind /sys "$root/sys"
            mount -o remount,bind,ro "$root/sys"
            mount --rbind /dev "$root/dev"
            # orphan guard: the starting JVM holds our standard input; when it goes (even by SIGKILL) the pipe closes
            # and the entrypoint ($$ after exec) is killed, if it is still the process chrooted into this tree
            # (an asynchronous list's own standard input is /dev/null: the pipe goes to it as descriptor 3)
            exec 3<&0
            ( cat <&3 >/dev/null; [ "$(readlink /proc/$$/root)" = "$root" ] && kill -KILL $$ ) &
            exec chroot --userspec="$user" "$root" "$@" </dev/null 3<&-
            """;

    private ChrootContainer() {
    }

    /** The command line that runs {@code tree}'s entrypoint (then {@code args}) as described above. */
    public static List<String> command(ImageTree tree, List<String> args) {
        if (tree.entrypoint().isEmpty()) {
            throw new IllegalArgumentException("the image has no entrypoint");
        }
        String user = tree.user().isEmpty() ? "0:0" : tree.user();
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "/bin/sh",
                "-c", SCRIPT, "chroot-container", realPath(tree.root()), user));
        command.addAll(tree.entrypoint());
        command.addAll(args);
        return command;
    }

    /** The tree's path with no symbolic link in it: what {@code /proc/PID/root} of a process chrooted there reads. */
    private static String realPath(Path root) {
        try {
            return root.toRealPath().toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The environment of the process: the image's, then {@code extraEnv} over it (as a pod's env does). */
    public static Map<String, String> environment(ImageTree tree, Map<String, String> extraEnv) {
        Map<String, String> env = new LinkedHashMap<>(tree.env());
        env.putAll(extraEnv);
        return env;
    }

    /** Starts it with output to {@code log}; the caller stops the process (SIGTERM reaches the entrypoint itself). */
    public static Process start(ImageTree tree, List<String> args, Map<String, String> extraEnv, Path log)
            throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command(tree, args)).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment(tree, extraEnv));
        return builder.start();
    }
}
