package io.nightshift.client.store;

import io.nightshift.client.Options;
import io.nightshift.client.fleet.FleetAddress;
import io.nightshift.stack.StackConfig;
import io.nightshift.stack.StackHome;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./nightshift objects put|get|ls|rm}: the fleet's object store by hand, so nobody needs another S3 client.
 * The local stack's store by default; {@code --s3 ENDPOINT} for another (keys from {@code NIGHTSHIFT_S3_ACCESS_KEY}
 * and {@code NIGHTSHIFT_S3_SECRET_KEY}). Locations are {@code s3://BUCKET/KEY} or {@code BUCKET/KEY}; a location
 * ending in {@code /} is a folder. Exit 0 on success, 1 when the store refuses or cannot be reached, 2 on a usage
 * error.
 */
public final class ObjectsCli {
    static final String USAGE = """
            usage: nightshift objects put FILE... s3://BUCKET/KEY|s3://BUCKET/FOLDER/   upload (a folder keeps file names)
                   nightshift objects get s3://BUCKET/KEY [FILE|DIR]               download (default: the key's file name)
                   nightshift objects ls [s3://BUCKET/PREFIX] [--recursive]          list (no argument: the buckets' roots)
                   nightshift objects rm s3://BUCKET/KEY...                          remove
                   options: --s3 ENDPOINT (default: the local stack's)""";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    ObjectsCli(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(new ObjectsCli(System.out, System.err, System.getenv()).run(args));
    }

    int run(String[] args) {
        Options options;
        try {
            options = Options.parse(args, Set.of("s3"), Set.of("recursive", "help"));
            if (options.has("help") || options.positional().isEmpty()) {
                out.println(USAGE);
                return options.has("help") ? 0 : 2;
            }
        } catch (IllegalArgumentException e) {
            err.println("objects: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        StackConfig local = StackConfig.forLocalUse(StackHome.locate().defaultStackDir(), env);
        List<String> rest = options.positional().subList(1, options.positional().size());
        try (ObjectStore store = new ObjectStore(FleetAddress.of(local, options.get("s3"), null, env))) {
            return switch (options.positional().get(0)) {
                case "put" -> put(store, rest);
                case "get" -> get(store, rest);
                case "ls" -> ls(store, rest, options.has("recursive"));
                case "rm" -> rm(store, rest);
                default -> usage("unknown objects command '" + options.positional().get(0) + "'");
            };
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        } catch (StoreException e) {
            err.println("objects: " + e.getMessage() + (options.has("s3") || !e.getMessage().contains("cannot reach")
                    ? "" : "; is the local stack running? ./nightshift stack up"));
            return 1;
        }
    }

    private int put(ObjectStore store, List<String> args) {
        if (args.size() < 2) {
            return usage("put needs at least one file and a destination");
        }
        StoreLocation to = StoreLocation.parse(args.get(args.size() - 1));
        List<String> files = args.subList(0, args.size() - 1);
        if (files.size() > 1 && !to.isFolder()) {
            return usage("several files go into a folder: end the destination with /");
        }
        for (String name : files) {
            Path file = Path.of(name);
            if (!Files.isRegularFile(file)) {
                return usage("no file " + file);
            }
            StoreLocation target = to.isFolder() ? to.child(file.getFileName().toString()) : to;
            store.put(file, target, Map.of());
            out.println("put " + file + " -> " + target);
        }
        return 0;
    }

    private int get(ObjectStore store, List<String> args) {
        if (args.isEmpty() || args.size() > 2) {
            return usage("get takes one object and an optional file or folder");
        }
        StoreLocation from = StoreLocation.parse(args.get(0));
        if (from.isFolder()) {
            return usage("get takes an object, not a folder: " + from);
        }
        String fileName = from.key().substring(from.key().lastIndexOf('/') + 1);
        Path to = args.size() == 2 ? Path.of(args.get(1)) : Path.of(fileName);
        if (Files.isDirectory(to)) {
            to = to.resolve(fileName);
        }
        store.get(from, to);
        out.println("got " + from + " -> " + to);
        return 0;
    }

    private int ls(ObjectStore store, List<String> args, boolean recursive) {
        if (args.isEmpty()) {
            for (String bucket : store.buckets()) {
                out.println("s3://" + bucket + "/");
            }
            return 0;
        }
        if (args.size() > 1) {
            return usage("ls takes one prefix");
        }
        StoreLocation prefix = StoreLocation.parse(args.get(0));
        for (StoreObject object : store.list(prefix, recursive)) {
            out.printf("%12s  s3://%s/%s%n", object.size() < 0 ? "PRE" : Long.toString(object.size()), prefix.bucket(),
                    object.key());
        }
        return 0;
    }

    private int rm(ObjectStore store, List<String> args) {
        if (args.isEmpty()) {
            return usage("rm needs at least one object");
        }
        for (String name : args) {
            StoreLocation object = StoreLocation.parse(name);
            if (object.isFolder()) {
                return usage("rm removes objects, not folders: " + object);
            }
            store.remove(object);
            out.println("removed " + object);
        }
        return 0;
    }

    private int usage(String message) {
        err.println("objects: " + message);
        err.println(USAGE);
        return 2;
    }
}
