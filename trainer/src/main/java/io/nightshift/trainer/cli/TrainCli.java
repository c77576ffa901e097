package io.nightshift.trainer.cli;

import ai.djl.training.loss.Loss;
import io.nightshift.contract.ContractV1;
import io.nightshift.contract.MetadataKeys;
import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.onnx.ExportOptions;
import io.nightshift.contract.onnx.RatioNetwork;
import io.nightshift.contract.onnx.RatioNetworkConfig;
import io.nightshift.contract.onnx.UNetConfig;
import io.nightshift.inference.registry.ModelSetFolder;
import io.nightshift.trainer.data.EvaluationScenes;
import io.nightshift.trainer.data.PhotoPairGenerator;
import io.nightshift.trainer.data.PhotoSources;
import io.nightshift.trainer.data.RatioSampler;
import io.nightshift.trainer.data.ServiceFrames;
import io.nightshift.trainer.data.RawReferencePairs;
import io.nightshift.trainer.data.SourceSplit;
import io.nightshift.trainer.export.ExportedModel;
import io.nightshift.trainer.export.OnnxExporter;
import io.nightshift.trainer.nn.ContractNetwork;
import io.nightshift.trainer.nn.RatioCnn;
import io.nightshift.trainer.nn.UNet;
import io.nightshift.trainer.train.Batch;
import io.nightshift.trainer.train.Checkpoint;
import io.nightshift.trainer.train.DisplayL1Loss;
import io.nightshift.trainer.train.EncodedL1Loss;
import io.nightshift.trainer.train.LearningRate;
import io.nightshift.trainer.train.RatioPool;
import io.nightshift.trainer.train.SupervisedTrainer;
import io.nightshift.trainer.train.SyntheticBatches;
import io.nightshift.trainer.train.TrainingLoop;
import io.nightshift.trainer.train.TrainingPlan;
import io.nightshift.trainer.train.Validation;
import io.nightshift.trainer.train.Validations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import io.nightshift.contract.onnx.quant.EnhancerQuantizer;
import io.nightshift.trainer.quant.CalibrationData;
import io.nightshift.trainer.quant.Int8Export;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Trains the default model set — the ratio CNN, then the BN U-Net — on synthetic data from the training split of
 * the sources, exports both through the parity-checked exporter and writes a model-set folder
 * ({@code enhancer.onnx}, {@code enhancer.fp16.onnx}, {@code enhancer.int8.onnx} — quantized by {@link Int8Export} —,
 * {@code ratio.onnx}, {@code manifest.json}). Run it again on the
 * same {@code --work} folder to resume. Progress lines for the operator on stdout; the last line is one JSON object.
 *
 * <pre>
 * TrainCli --out DIR [--work DIR] [--photos DIR[,DIR...]] [--raw DIR] [--minutes 85] [--ratio-share 0.12] [--seed 1]
 *          [--bn-base 16] [--patch 128] [--batch 4] [--enhancer-steps 100000] [--ratio-steps 100000]
 *          [--ratio-batch 32] [--lr 1e-3] [--ratio-lr 3e-3] [--raw-share 0.1] [--set-version V]
 *          [--ratio-pool N] [--only both|ratio] [--enhancer-loss display|srgb|linear] [--ratio-input log|linear]
 *          [--ratio-prior p98|none] [--ratio-thumbs service|small] [--enhancer-output bilinear|residual|direct]
 *          [--ratio-focus 0.5] [--extra-photos DIR|FILE[,...]|none] [--enhancer-from SET_DIR] [--ratio-saturation 1]
 *          [--v3-training off|on] [--ratio-oracle off|on] [--enhancer-noise off|on] [--enhancer-start PARAMS[,PARAMS...]]
 * </pre>
 *
 * <p>The defaults are today's recipe (the default set 2026-12-05.2 averages five ratio CNNs of it, made with
 * {@code --only ratio} and {@link EnsembleCli}, beside an older run's U-Net: see the model card). {@code --enhancer-loss display} trains and
 * validates the U-Net after each example's own colour matrix and the sRGB curve, as {@code evaluate} judges
 * ({@link DisplayL1Loss}); {@code srgb} after the curve only ({@link EncodedL1Loss}); {@code linear} on camera RGB.
 * {@code --ratio-input log} gives the ratio CNN a log-domain input ({@link RatioNetworkConfig#logInput});
 * {@code --ratio-prior p98} makes it a correction to the exposure prior ({@link RatioNetworkConfig#exposurePrior}).
 * {@code --ratio-thumbs service} trains the ratio CNN on thumbs of whole frames of 1–48 MP as a worker computes them
 * ({@link ServiceFrames}, {@code ServiceThumb}), its prior at {@link RatioNetwork#SERVICE_PRIOR_LEVEL}; {@code small}
 * (the default) on thumbs of 64–192-pixel frames, as every set so far: the service recipe's first run
 * (2026-12-05.1) was worse on the validation split's whole frames (median 0.32 against 0.19 stop).
 * {@code --enhancer-output bilinear} (the default since set 2026-12-06.1) adds the U-Net's output to a bilinear
 * demosaic of the input ({@link UNetConfig#bilinearBase()}); {@code residual} to its upsampled input instead
 * ({@link UNetConfig#inputResidual()}, nearest-neighbour per 2×2 block); {@code direct} is SID's U-Net, which re-creates the image
 * from features. {@code --enhancer-noise on} gives the U-Net contract v2's input: the packed channels and two noise
 * planes estimated from each dark patch ({@link io.nightshift.contract.image.NoisePlanes}); such a set needs workers
 * that know {@code enhancer/v2}.
 * {@code --extra-photos} adds training-only pictures ({@link PhotoSources#EXTRA_TRAINING} by default, {@code none}
 * for none); {@code --ratio-saturation J} jitters the ratio examples' colour saturation by a factor in
 * {@code [1 − J, 1 + J]}; {@code --ratio-focus F} is the share of the ratio CNN's examples drawn from 100–300.
 * {@code --v3-training on} adds the training side of evaluation v3's packages ({@link EvaluationScenes}: 91 gcompris
 * photographs no evaluation split holds). {@code --ratio-oracle on} (with {@code --only ratio}) trains the ratio CNN
 * on thumbs without noise from photographs only: the oracle whose error on clean thumbs is the floor that a thumb's
 * content leaves ({@code RatioCheck}); never a served model.
 * {@code --enhancer-from SET_DIR} trains the ratio CNN only and writes a complete set with the U-Net of the set in
 * {@code SET_DIR} ({@link KeptEnhancer}), its training figures and provenance carried into the manifest.
 * {@code --enhancer-start PARAMS} starts the U-Net from another run's checkpoint ({@code enhancer.best.params} of its
 * {@code --work}; the same architecture) instead of random weights, with a schedule of its own (warm-up, cosine from
 * {@code --lr}, no plateau reductions, the best validation measured afresh on this run's patches): a new phase, such
 * as larger patches or a lower learning rate; a work folder that already holds this run's checkpoint resumes from
 * that instead ({@link TrainingPlan#start()}). The checkpoint is checked against the U-Net's architecture before the
 * ratio CNN trains. {@code --enhancer-start A,B,...} starts from the element-wise mean of several checkpoints of one
 * architecture ({@link Checkpoint#average}, written to {@code WORK/enhancer.start.params}): a checkpoint average of
 * one run's low-learning-rate tail or of phases from one start. {@code --enhancer-steps 0} exports the start weights
 * as they are (validated once, no training step).
 */
public final class TrainCli {

    private static final List<String> RAW_EXTENSIONS = List.of("arw", "cr2", "cr3", "crw", "nef", "nrw", "dng", "raf",
            "orf", "rw2", "pef", "srw", "kdc", "dcr", "mrw", "3fr", "iiq", "erf", "mef", "mos", "x3f");

    private TrainCli() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Map<String, String> a = defaults();
        StringBuilder command = new StringBuilder("nightshift train");
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (!key.startsWith("--") || i + 1 >= args.length || !(a.containsKey(key) || key.equals("--out")
                    || key.equals("--raw") || key.equals("--set-version") || key.equals("--enhancer-from")
                    || key.equals("--enhancer-start"))) {
                usage("unknown or incomplete argument " + key);
            }
            a.put(key, args[++i]);
            command.append(' ').append(key).append(' ').append(args[i]);
        }
        if (!a.containsKey("--out")) {
            usage("--out is required");
        }
        try {
            run(a, command.toString());
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            System.out.println("error: " + e.getMessage());
            System.out.printf(Locale.ROOT, "{\"ok\":false,\"error\":\"%s\"}%n", json(String.valueOf(e.getMessage())));
            System.exit(1);
        }
    }

    /** Every option with a default, as the default model set's recipe has it (a mutable copy). */
    static Map<String, String> defaults() {
        Map<String, String> a = new LinkedHashMap<>(Map.of(
                "--photos", PhotoSources.joined(PhotoSources.DEFAULT_FOLDERS), "--work", ".nightshift/train", "--minutes", "85",
                "--ratio-share", "0.12", "--seed", "1", "--bn-base", "16", "--patch", "128", "--batch", "4"));
        a.putAll(Map.of("--enhancer-steps", "100000", "--ratio-steps", "100000", "--ratio-batch", "32",
                "--lr", "1e-3", "--raw-share", "0.1", "--ratio-lr", "3e-3", "--ratio-pool", "0", "--only", "both"));
        a.put("--enhancer-loss", "display");
        a.put("--ratio-input", "log");
        a.put("--ratio-prior", "p98");
        a.put("--ratio-thumbs", "small"); // service: tried 2026-12-05, worse on validation (trainer README)
        a.put("--enhancer-output", "bilinear"); // paid on validation, 2026-12-06: +0.66 / +0.54 / +0.60 dB (model card)
        a.put("--ratio-focus", "0.5");
        a.put("--extra-photos", PhotoSources.joined(PhotoSources.EXTRA_TRAINING));
        a.put("--ratio-saturation", "1");
        a.put("--v3-training", "off");
        a.put("--ratio-oracle", "off");
        a.put("--enhancer-noise", "off");
        return a;
    }

    /** Trains with the options {@code a} ({@link #defaults()} and the command line's); {@code command} is recorded. */
    static void run(Map<String, String> a, String command) throws IOException {
        long seed = Long.parseLong(a.get("--seed"));
        Validations.Domain domain = switch (a.get("--enhancer-loss")) { // both checked before an hour of training
            case "linear" -> Validations.Domain.LINEAR;
            case "srgb" -> Validations.Domain.ENCODED;
            case "display" -> Validations.Domain.DISPLAY;
            default -> throw new IllegalArgumentException("--enhancer-loss must be linear, srgb or display, got "
                    + a.get("--enhancer-loss"));
        };
        boolean logInput = choice(a, "--ratio-input", "log");
        boolean prior = choice(a, "--ratio-prior", "none", "p98");
        boolean serviceThumbs = choice(a, "--ratio-thumbs", "small", "service");
        float priorLevel = serviceThumbs ? RatioNetwork.SERVICE_PRIOR_LEVEL : RatioNetwork.PRIOR_LEVEL;
        String output = a.get("--enhancer-output");
        if (!List.of("direct", "residual", "bilinear").contains(output)) {
            throw new IllegalArgumentException("--enhancer-output must be residual, bilinear or direct, got " + output);
        }
        boolean noiseInput = choice(a, "--enhancer-noise", "off", "on");
        RatioSampler ratioLabels = RatioSampler.SID.withFocusWeight(fraction(a, "--ratio-focus"));
        double saturationJitter = fraction(a, "--ratio-saturation");
        // the oracle (thumbs without noise, photographs only) reports a floor; it is never a set's ratio CNN
        boolean oracle = choice(a, "--ratio-oracle", "off", "on");
        if (oracle && !a.get("--only").equals("ratio")) {
            throw new IllegalArgumentException("--ratio-oracle on trains a floor, not a model to serve: use --only ratio");
        }
        if (oracle && serviceThumbs) {
            throw new IllegalArgumentException("--ratio-oracle on makes small-frame thumbs without noise; "
                    + "--ratio-thumbs service cannot go with it");
        }
        if (a.containsKey("--enhancer-from") && !a.get("--only").equals("both")) {
            throw new IllegalArgumentException("--enhancer-from trains the ratio CNN and writes a whole set; "
                    + "--only " + a.get("--only") + " cannot go with it");
        }
        List<Path> startCheckpoints = a.containsKey("--enhancer-start")
                ? Arrays.stream(a.get("--enhancer-start").split(",")).map(Path::of).toList() : List.of();
        if (!startCheckpoints.isEmpty() && (a.containsKey("--enhancer-from") || !a.get("--only").equals("both"))) {
            throw new IllegalArgumentException("--enhancer-start starts the U-Net from a checkpoint; "
                    + (a.containsKey("--enhancer-from") ? "--enhancer-from" : "--only " + a.get("--only"))
                    + " cannot go with it");
        }
        for (Path checkpoint : startCheckpoints) {
            if (!Files.isRegularFile(checkpoint)) {
                throw new IllegalArgumentException("--enhancer-start: no checkpoint at " + checkpoint);
            }
        }
        int patch = Integer.parseInt(a.get("--patch"));
        int batch = Integer.parseInt(a.get("--batch"));
        int base = Integer.parseInt(a.get("--bn-base"));
        double minutes = Double.parseDouble(a.get("--minutes"));
        double ratioShare = Double.parseDouble(a.get("--ratio-share"));
        float lr = Float.parseFloat(a.get("--lr"));
        Path out = Path.of(a.get("--out"));
        Path work = Path.of(a.get("--work"));
        String setVersion = a.getOrDefault("--set-version", "trained-" + Instant.now().toString().substring(0, 10));
        UNetConfig unet = UNetConfig.batchNormVariant(base).withInputResidual(!output.equals("direct"));
        unet = output.equals("bilinear") ? unet.withBilinearBase() : unet;
        unet = noiseInput ? unet.withNoiseInput() : unet;
        Optional<Path> enhancerStart = startWeights(startCheckpoints, work);
        if (enhancerStart.isPresent()) {
            checkStart(unet, new ai.djl.ndarray.types.Shape(batch, unet.inputChannels(), patch, patch),
                    enhancerStart.get(), seed);
        }

        List<Path> allPhotos = new ArrayList<>(PhotoSources.list(PhotoSources.folders(a.get("--photos"))));
        if (!a.get("--extra-photos").equals("none")) { // outside the --photos folders, so no picture twice
            allPhotos.addAll(PhotoSources.listFlatOutside(PhotoSources.folders(a.get("--extra-photos")),
                    PhotoSources.folders(a.get("--photos"))));
        }
        List<Path> photoFiles = new ArrayList<>(SourceSplit.DEFAULT.training(allPhotos));
        if (choice(a, "--v3-training", "off", "on")) { // split by EvaluationScenes already, not by SourceSplit again
            List<Path> side = EvaluationScenes.installed(Path.of(".nightshift/eval-v3/photos"))
                    .photos(EvaluationScenes.Split.TRAINING);
            photoFiles.addAll(side);
            allPhotos.addAll(side);
        }
        List<Path> allRaw = a.containsKey("--raw") ? rawFiles(Path.of(a.get("--raw"))) : List.of();
        List<Path> rawFiles = SourceSplit.DEFAULT.training(allRaw);
        System.out.printf(Locale.ROOT, "sources: %d of %d photographs and %d of %d RAW files are in the training split%n",
                photoFiles.size(), allPhotos.size(), rawFiles.size(), allRaw.size());
        long t = System.nanoTime();
        List<PlanarImage> photos = new ArrayList<>();
        photoFiles = readAtLeast(photoFiles, 2 * patch, photos);
        System.out.printf(Locale.ROOT, "read %d photographs in %.1f s%n", photos.size(), (System.nanoTime() - t) / 1e9);
        String pictures = String.format(Locale.ROOT, "%d training-split pictures of %s%s", photoFiles.size(),
                a.get("--photos"), (a.get("--extra-photos").equals("none") ? "" : " and " + a.get("--extra-photos"))
                        + (a.get("--v3-training").equals("on") ? " and evaluation v3's training side" : ""));
        String raws = String.format(Locale.ROOT, "%d clean RAW files of %s", rawFiles.size(),
                a.getOrDefault("--raw", "-"));
        String noise = "with ELD Sony A7S2 noise (shot, read, row, quantization)";
        String ratioDataText = String.format(Locale.ROOT,
                "synthetic: %s unprocessed (Brooks et al. 2019) and %s; %s, "
                        + "colour saturation jittered by up to ±%s, darkened by ratios log-uniform on [1, 300] (a share "
                        + "of %s from 100-300) %s; Bayer-preserving flips/transposes",
                pictures, raws, serviceThumbs ? "thumbs of whole frames of 1-48 MP as a worker computes them "
                        + "(scenes: half to all of each side of a picture; ServiceThumb)"
                        : "whole frames of 64-192 packed pixels a side", a.get("--ratio-saturation"),
                a.get("--ratio-focus"), noise);
        String data = String.format(Locale.ROOT,
                "synthetic: %s unprocessed (Brooks et al. 2019) and %s, darkened by ratios log-uniform on [1, 300] "
                        + "(U-Net: half from 100-300; ratio CNN: a share of %s from 100-300, colour saturation jittered "
                        + "by up to ±%s) %s; %d-pixel packed patches, Bayer-preserving flips/transposes",
                pictures, raws, a.get("--ratio-focus"), a.get("--ratio-saturation"), noise, patch);

        // --enhancer-from: read and checked before the ratio CNN's minutes are spent
        Optional<KeptEnhancer> kept = a.containsKey("--enhancer-from")
                ? Optional.of(KeptEnhancer.read(Path.of(a.get("--enhancer-from")))) : Optional.empty();

        double budget = minutes * 60;
        Map<String, Double> metrics = new LinkedHashMap<>();
        ExportedModel ratioModel;
        ExportedModel enhancerModel;
        try (RawReferencePairs raw = rawFiles.isEmpty() ? null : RawReferencePairs.sid(patch, 512L << 20)) {
            double rawShare = Double.parseDouble(a.get("--raw-share"));
            PhotoPairGenerator ratioPairs = PhotoPairGenerator.sid(patch).withRatios(ratioLabels)
                    .withSaturationJitter(saturationJitter);
            SyntheticBatches ratioData = new SyntheticBatches(photos, rawFiles, oracle ? 0 : rawShare,
                    oracle ? ratioPairs.withCleanThumbs() : ratioPairs, raw, Integer.parseInt(a.get("--ratio-batch")),
                    seed);
            if (serviceThumbs) {
                ratioData = ratioData.withServiceFrames(ServiceFrames.TYPICAL);
            }
            List<Path> enhancerRaw = new ArrayList<>();
            for (Path f : rawFiles) { // a RAW file smaller than a patch gives the ratio CNN whole frames only
                if (raw.holdsPatch(f)) {
                    enhancerRaw.add(f);
                } else {
                    System.out.printf(Locale.ROOT, "the U-Net skips %s: it packs smaller than a %d-pixel patch%n", f,
                            patch + 1);
                }
            }
            SyntheticBatches enhancerData = new SyntheticBatches(photos, enhancerRaw, enhancerRaw.isEmpty() ? 0 : rawShare,
                    PhotoPairGenerator.sid(patch), raw, batch, seed);

            RatioCnn ratioNet = new RatioCnn(RatioNetworkConfig.defaults().withLogInput(logInput).withExposurePrior(prior)
                    .withPriorLevel(priorLevel));
            List<Batch> ratioVal = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ratioVal.add(ratioData.ratioBatch(new SplittableRandom(seed + 1000 + i), 64));
            }
            TrainingPlan ratioPlan = new TrainingPlan("ratio", Long.parseLong(a.get("--ratio-steps")),
                    Duration.ofSeconds(Math.round(budget * ratioShare)), 100, 3, 8, 0.002, 30, work, 2);
            // the output layer starts at the mean label, or with the prior at the mean of what the prior leaves
            double meanLabel = 0;
            int thumb = ContractV1.THUMB_CHANNELS * ContractV1.THUMB_SIZE * ContractV1.THUMB_SIZE;
            for (Batch b : ratioVal) {
                for (int i = 0; i < b.target().length; i++) {
                    float rest = prior ? RatioNetwork.priorLog2Ratio(
                            Arrays.copyOfRange(b.input(), i * thumb, (i + 1) * thumb), priorLevel) : 0f;
                    meanLabel += (b.target()[i] - rest) / (ratioVal.size() * b.target().length);
                }
            }
            float bias = (float) meanLabel;
            int poolSize = Integer.parseInt(a.get("--ratio-pool"));
            io.nightshift.trainer.train.BatchSource ratioSource = ratioData::ratioBatch;
            if (poolSize > 0 && !Files.exists(work.resolve("ratio.state"))) {
                long tp = System.nanoTime();
                RatioPool pool = RatioPool.make(ratioData, poolSize, 2);
                ratioSource = pool;
                System.out.printf(Locale.ROOT, "[ratio] a pool of %d examples made in %.0f s%n", pool.size(),
                        (System.nanoTime() - tp) / 1e9);
            } else if (poolSize > 0) {
                ratioSource = RatioPool.make(ratioData, poolSize, 2);
            }
            ratioModel = train(ratioNet, ratioNet.inputShape(ratioData.batchSize()),
                    Float.parseFloat(a.get("--ratio-lr")), seed, ratioPlan,
                    trainer -> ratioNet.setOutputBias(bias), Loss.l1Loss(),
                    ratioSource, Validations.ratioStops(ratioVal), metrics, "train_val_ratio_stops", -1,
                    setVersion, command, kept.isPresent() ? ratioDataText : data);

            if (kept.isPresent()) {
                KeptEnhancer k = kept.get();
                metrics.putAll(k.metrics());
                metrics.put("training_minutes", metrics.get("ratio_minutes") + k.metrics().get("enhancer_minutes"));
                // a kept U-Net without an FP16 variant leaves no other U-Net's FP16 file beside it
                byte[] keptInt8 = int8(k.fp32(), photos, seed, metrics);
                ModelSetFolder.write(out, setVersion, k.fp32(), k.fp16().orElse(null), keptInt8, ratioModel.fp32(),
                        metrics,
                        "ratio CNN: " + ratioDataText + "; U-Net kept from set " + k.setVersion() + " (" + k.data() + ")",
                        command + " (U-Net kept from set " + k.setVersion() + ": " + k.command() + ")");
                System.out.printf(Locale.ROOT, "wrote model set %s to %s: a new ratio CNN beside the U-Net of set %s%n",
                        setVersion, out, k.setVersion());
                printResult(setVersion, out, metrics);
                return;
            }
            if (a.get("--only").equals("ratio")) {
                ratioModel.writeTo(out, "ratio");
                System.out.printf(Locale.ROOT, "wrote %s (--only ratio: no model set)%n", out.resolve("ratio.onnx"));
                StringBuilder json = new StringBuilder("{\"ok\":true,\"out\":\"").append(json(out.toString())).append('"');
                metrics.forEach((k, v) -> json.append(",\"").append(k).append("\":")
                        .append(String.format(Locale.ROOT, "%.4f", v)));
                System.out.println(json.append('}'));
                return;
            }
            UNet enhancerNet = new UNet(unet);
            enhancerData = enhancerData.withEnhancerContract(unet.contract());
            List<Batch> enhancerVal = new ArrayList<>();
            // 48 patches: fewer made the reduce-on-plateau decisions noise (2026-11-26: ×1/16 by 45 % of a run)
            for (int i = 0; i < 12; i++) {
                enhancerVal.add(enhancerData.enhancerBatch(new SplittableRandom(seed + 2000 + i), 4));
            }
            // the enhancer gets what the ratio CNN left (early stopping included) less time for reading and exporting
            double spent = metrics.get("ratio_minutes") * 60 + 60;
            TrainingPlan enhancerPlan = new TrainingPlan("enhancer", Long.parseLong(a.get("--enhancer-steps")),
                    Duration.ofSeconds(Math.max(60, Math.round(budget - spent))), 250, 6, 20, 0.01, 60, work, 1)
                    .withStart(enhancerStart.orElse(null));
            enhancerModel = train(enhancerNet, new ai.djl.ndarray.types.Shape(batch, unet.inputChannels(), patch, patch), lr, seed,
                    enhancerPlan, trainer -> { }, switch (domain) {
                        case LINEAR -> Loss.l1Loss();
                        case ENCODED -> new EncodedL1Loss();
                        case DISPLAY -> new DisplayL1Loss();
                    }, enhancerData::enhancerBatch, Validations.enhancerPsnr(enhancerVal, domain), metrics,
                    "train_val_psnr_db", 1, setVersion, command, data);
        }
        // time in the training loops, summed over resumes (not this process's run time, which a resume shortens)
        metrics.put("training_minutes", metrics.get("ratio_minutes") + metrics.get("enhancer_minutes"));
        byte[] enhancerInt8 = int8(enhancerModel.fp32(), photos, seed, metrics);
        ModelSetFolder.write(out, setVersion, enhancerModel.fp32(), enhancerModel.fp16(), enhancerInt8,
                ratioModel.fp32(), metrics, data, command);
        System.out.printf(Locale.ROOT, "wrote model set %s to %s (enhancer %d B, FP16 %d B, ratio %d B)%n", setVersion,
                out, enhancerModel.fp32().length, enhancerModel.fp16().length, ratioModel.fp32().length);
        printResult(setVersion, out, metrics);
    }

    /**
     * The INT8 enhancer of an FP32 export ({@link Int8Export}: calibrated on the training photographs, parity-checked
     * against FP32); its parity goes into the metrics as {@code int8_parity_psnr_db}. Null (a set without one, said
     * so) when no training photograph is large enough to calibrate it on.
     */
    private static byte[] int8(byte[] fp32, List<PlanarImage> photos, long seed, Map<String, Double> metrics) {
        List<PlanarImage> large = photos.stream()
                .filter(p -> p.height() >= 2 * CalibrationData.PATCH && p.width() >= 2 * CalibrationData.PATCH).toList();
        if (large.isEmpty()) {
            System.out.printf(Locale.ROOT, "no INT8 enhancer: no training photograph has %d pixels a side to calibrate "
                    + "it on (./nightshift quantize adds one later)%n", 2 * CalibrationData.PATCH);
            return null;
        }
        CalibrationData data = new CalibrationData(new SyntheticBatches(large, List.of(), 0,
                PhotoPairGenerator.sid(CalibrationData.PATCH), null, 1, seed));
        Int8Export export = Int8Export.of(fp32, data, EnhancerQuantizer.defaults(),
                Runtime.getRuntime().availableProcessors());
        System.out.println(export.parity());
        metrics.put("int8_parity_psnr_db", Math.round(export.parity().psnrDb() * 100) / 100.0);
        return export.int8();
    }

    private static void printResult(String setVersion, Path out, Map<String, Double> metrics) {
        StringBuilder json = new StringBuilder("{\"ok\":true,\"set_version\":\"").append(json(setVersion))
                .append("\",\"out\":\"").append(json(out.toString())).append('"');
        metrics.forEach((k, v) -> json.append(",\"").append(k).append("\":").append(String.format(Locale.ROOT, "%.4f", v)));
        System.out.println(json.append('}'));
    }

    /**
     * The U-Net's start weights: {@code --enhancer-start}'s one checkpoint, or the average of several written to
     * {@code WORK/enhancer.start.params} ({@link Checkpoint#average}).
     */
    private static Optional<Path> startWeights(List<Path> checkpoints, Path work) throws IOException {
        if (checkpoints.size() < 2) {
            return checkpoints.stream().findFirst();
        }
        Path averaged = work.resolve("enhancer.start.params");
        Files.createDirectories(work);
        try {
            Checkpoint.average(checkpoints).write(averaged);
        } catch (IOException e) {
            throw new IllegalArgumentException("--enhancer-start: " + e.getMessage(), e);
        }
        System.out.printf(Locale.ROOT, "[enhancer] averaged %d checkpoints into %s%n", checkpoints.size(), averaged);
        return Optional.of(averaged);
    }

    /**
     * {@code --enhancer-start}'s checkpoint loaded into a U-Net of this run's architecture, before the ratio CNN's
     * minutes are spent (the training loop loads it again when the U-Net's run starts).
     */
    private static void checkStart(UNetConfig unet, ai.djl.ndarray.types.Shape shape, Path checkpoint, long seed) {
        try (SupervisedTrainer probe = new SupervisedTrainer(new UNet(unet), shape, 1e-3f, seed)) {
            probe.loadParameters(checkpoint);
        } catch (IOException e) {
            throw new IllegalArgumentException("--enhancer-start: " + e.getMessage(), e);
        }
    }

    private static ExportedModel train(ContractNetwork net, ai.djl.ndarray.types.Shape shape, float lr, long seed,
            TrainingPlan plan, java.util.function.Consumer<SupervisedTrainer> prepare, Loss loss,
            io.nightshift.trainer.train.BatchSource source, Validation validation,
            Map<String, Double> metrics, String metric, double sign, String setVersion, String command, String data)
            throws IOException {
        LearningRate rate = new LearningRate(lr, 0.02f, 100);
        try (SupervisedTrainer trainer = new SupervisedTrainer(net, shape, rate, seed, loss)) {
            prepare.accept(trainer); // before the loop: a resume overwrites it with the checkpoint
            TrainingLoop.Result r = new TrainingLoop(plan, rate, System.out).run(trainer, source, validation);
            metrics.put(metric, sign * r.bestScore());
            metrics.put(plan.name() + "_steps", (double) r.steps());
            metrics.put(plan.name() + "_minutes", r.seconds() / 60);
            ExportOptions options = ExportOptions.of(setVersion + "/" + plan.name())
                    .withMetadata(MetadataKeys.PROVENANCE_COMMAND, command)
                    .withMetadata(MetadataKeys.PROVENANCE_SEED, Long.toString(seed))
                    .withMetadata(MetadataKeys.PROVENANCE_DATA, data)
                    .withMetadata(MetadataKeys.PROVENANCE_TRAINED_AT, Instant.now().toString())
                    .withMetadata(MetadataKeys.metric(metric), String.format(Locale.ROOT, "%.4f", sign * r.bestScore()))
                    .withMetadata(MetadataKeys.metric("steps"), Long.toString(r.steps()));
            ExportedModel model = new OnnxExporter(seed, 2, 2).export(net, options);
            System.out.printf(Locale.ROOT, "[%s] exported %s: %s%n", plan.name(), net.architecture(), model.parity());
            return model;
        }
    }

    /**
     * Reads {@code files} into {@code images}, skipping (with a line) pictures with a side below {@code minSide}
     * (smaller than a training patch); returns the files read.
     */
    private static List<Path> readAtLeast(List<Path> files, int minSide, List<PlanarImage> images) throws IOException {
        List<Path> read = new ArrayList<>();
        for (Path f : files) {
            PlanarImage photo = PhotoSources.read(f);
            if (photo.height() < minSide || photo.width() < minSide) {
                System.out.printf(Locale.ROOT, "skipped %s: %d×%d is smaller than a %d-pixel patch%n", f, photo.width(),
                        photo.height(), minSide);
                continue;
            }
            images.add(photo);
            read.add(f);
        }
        return read;
    }

    /** Option {@code key} as a number in [0, 1]; anything else is an error that names the option. */
    private static double fraction(Map<String, String> a, String key) {
        double v;
        try {
            v = Double.parseDouble(a.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number in [0, 1], got " + a.get(key));
        }
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(key + " must be in [0, 1], got " + a.get(key));
        }
        return v;
    }

    /** Whether option {@code key} is {@code alternative} rather than {@code linear}; anything else is refused. */
    private static boolean choice(Map<String, String> a, String key, String alternative) {
        return choice(a, key, "linear", alternative);
    }

    /** Whether {@code key} is {@code alternative} rather than {@code standard}; anything else is an error. */
    private static boolean choice(Map<String, String> a, String key, String standard, String alternative) {
        String v = a.get(key);
        if (!v.equals(standard) && !v.equals(alternative)) {
            throw new IllegalArgumentException(key + " must be " + standard + " or " + alternative + ", got " + v);
        }
        return v.equals(alternative);
    }

    private static List<Path> rawFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                int dot = n.lastIndexOf('.');
                return dot > 0 && RAW_EXTENSIONS.contains(n.substring(dot + 1));
            }).sorted().toList();
        }
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println("usage: TrainCli --out DIR [--work DIR] [--photos DIR[,DIR...]] [--raw DIR] [--minutes 85] "
                + "[--ratio-share 0.12] [--seed 1] [--bn-base 16] [--patch 128] [--batch 4] [--enhancer-steps N] "
                + "[--ratio-steps N] [--ratio-batch 32] [--lr 1e-3] [--ratio-lr 3e-3] [--raw-share 0.1] [--set-version V] "
                + "[--ratio-pool N] [--only both|ratio] [--enhancer-loss display|srgb|linear] [--ratio-input log|linear] "
                + "[--ratio-prior p98|none] [--ratio-thumbs service|small] [--enhancer-output bilinear|residual|direct] [--ratio-focus 0.5] [--extra-photos DIR|FILE[,...]|none] [--enhancer-from SET_DIR] [--ratio-saturation 1] [--enhancer-noise off|on] [--enhancer-start PARAMS[,PARAMS...]]");
        System.exit(2);
    }
}
