package io.nightshift.contract;

/**
 * ONNX {@code metadata_props} keys of contract v1. {@link #CONTRACT} and {@link #MODEL_VERSION} are
 * required; provenance and metrics keys are free-form under their prefixes.
 */
public final class MetadataKeys {

    /** Required: {@code enhancer/v1} or {@code ratio/v1}. */
    public static final String CONTRACT = "nightshift.contract";
    /** Required, not blank: the model's version, e.g. {@code 2026-11-26-bn16}. */
    public static final String MODEL_VERSION = "nightshift.model_version";
    /** Architecture name, e.g. {@code sid-unet}, {@code bn-unet}, {@code ratio-cnn}. */
    public static final String ARCHITECTURE = "nightshift.architecture";
    /**
     * {@code fp32}, {@code fp16} or {@code int8} (weights and arithmetic; inputs and outputs are float32 either way;
     * {@code int8}: a QDQ graph written by {@code QdqQuantizer}).
     */
    public static final String PRECISION = "nightshift.precision";

    /** Prefix of training provenance keys, see {@link #provenance(String)}. */
    public static final String PROVENANCE_PREFIX = "nightshift.provenance.";
    /** Prefix of evaluation metric keys, see {@link #metric(String)}. */
    public static final String METRICS_PREFIX = "nightshift.metrics.";

    /** Provenance keys the trainer writes: the command line, the seed, the data, the commit, the time. */
    public static final String PROVENANCE_COMMAND = provenance("command");
    public static final String PROVENANCE_SEED = provenance("seed");
    public static final String PROVENANCE_DATA = provenance("data");
    public static final String PROVENANCE_GIT_COMMIT = provenance("git_commit");
    public static final String PROVENANCE_TRAINED_AT = provenance("trained_at");

    private MetadataKeys() {
    }

    /** {@code nightshift.provenance.<name>}. */
    public static String provenance(String name) {
        return PROVENANCE_PREFIX + name;
    }

    /** {@code nightshift.metrics.<name>}, e.g. {@code metric("psnr_net_db")}. */
    public static String metric(String name) {
        return METRICS_PREFIX + name;
    }
}
