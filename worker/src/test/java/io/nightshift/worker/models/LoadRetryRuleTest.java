package io.nightshift.worker.models;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.inference.registry.ModelLoadException;
import io.nightshift.inference.registry.ModelLoadException.Reason;
import io.nightshift.protocol.InvalidMessageException;
import io.nightshift.protocol.KeyNotAllowedException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** Which failed loads are tried again: those whose files could not be fetched, not those fetched and refused. */
class LoadRetryRuleTest {

    @Test
    void aSetThatCouldNotBeFetchedIsTriedAgainOneThatWasRefusedIsNot() {
        assertTrue(ModelSetFollower.mayPass(failure(Reason.MISSING_FILE, new NoSuchFileException("sets/x/enhancer.onnx"))));
        assertTrue(ModelSetFollower.mayPass(failure(Reason.MANIFEST,
                new IllegalStateException(new ConnectException("Connection refused"))))); // the MinIO SDK's way
        assertTrue(ModelSetFollower.mayPass(failure(Reason.MANIFEST, new IOException("cannot read: InternalError"))));

        assertFalse(ModelSetFollower.mayPass(failure(Reason.MANIFEST, new InvalidMessageException("setVersion", "missing"))));
        assertFalse(ModelSetFollower.mayPass(failure(Reason.MISSING_FILE,
                new KeyNotAllowedException("enhancer.key", "a '..' segment"))));
        for (Reason refused : new Reason[] {Reason.SHA_MISMATCH, Reason.NOT_ANNOUNCED, Reason.CORRUPT, Reason.CONTRACT, Reason.WARMUP,
                Reason.CLOSED}) {
            assertFalse(ModelSetFollower.mayPass(failure(refused, new IOException("even with an I/O cause"))), refused.name());
        }
    }

    private static ModelLoadException failure(Reason reason, Throwable cause) {
        return new ModelLoadException(reason, "test-set", "why", cause);
    }
}
