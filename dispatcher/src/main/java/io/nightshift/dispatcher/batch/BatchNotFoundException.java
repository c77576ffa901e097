package io.nightshift.dispatcher.batch;

/** No batch with that id (answered as 404). */
public class BatchNotFoundException extends RuntimeException {
    public BatchNotFoundException(String batchId) {
        super("no batch '" + batchId + "'");
    }
}
