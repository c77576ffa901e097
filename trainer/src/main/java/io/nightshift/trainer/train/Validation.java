package io.nightshift.trainer.train;

/** A fixed validation set: scores the network (inference mode) so that higher is better. */
public interface Validation {

    /** e.g. mean PSNR in dB, or minus the median error in stops. */
    double score(SupervisedTrainer trainer);

    /** The score as an operator reads it, e.g. {@code val 31.2 dB} or {@code val 0.31 stop}. */
    String describe(double score);
}
