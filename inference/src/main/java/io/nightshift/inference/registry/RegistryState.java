package io.nightshift.inference.registry;

/**
 * A {@link ModelRegistry}'s state, for health checks (after Triton's model states).
 *
 * <ul>
 * <li>{@code EMPTY}: nothing loaded yet, nothing tried.</li>
 * <li>{@code LOADING}: a set is being loaded; the current set, if any, keeps serving meanwhile.</li>
 * <li>{@code READY}: a set serves. The last load may have failed ({@link RegistryStatus#lastFailure()}):
 *     a failed load never takes the serving set away.</li>
 * <li>{@code FAILED}: no set serves and the last load failed.</li>
 * <li>{@code CLOSED}: the registry is closed; it refuses work and loads.</li>
 * </ul>
 */
public enum RegistryState {
    EMPTY, LOADING, READY, FAILED, CLOSED
}
