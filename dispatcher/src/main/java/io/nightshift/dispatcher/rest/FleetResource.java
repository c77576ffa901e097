package io.nightshift.dispatcher.rest;

import io.nightshift.dispatcher.fleet.Fleet;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The fleet panel: the workers (alive = in the workers' group), their partitions, lag, rate and batches' ETAs. */
@Path("/api/fleet")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class FleetResource {
    @Inject
    Fleet fleet;

    /**
     * {@code {group, groupState, workers: [{workerId, alive, host, partitions, lastResultAt, modelSet,
     * resultsLast10Min}], lag, imagesPerMinute, batches: [{batchId, queued, etaSeconds}], groupError}}: a worker is
     * alive while it is a member of the workers' group; workers with results in the last 10 minutes that are no
     * longer members are listed as not alive.
     */
    @GET
    public Fleet.View get() {
        return fleet.view();
    }
}
