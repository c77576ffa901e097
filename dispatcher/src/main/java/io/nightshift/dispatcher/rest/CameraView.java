package io.nightshift.dispatcher.rest;

import io.nightshift.protocol.Camera;

/** A result's camera as the API shows it: its make and model, and the label the page prints ("Nikon D1"). */
public record CameraView(String make, String model, String label) {
    static CameraView of(Camera camera) {
        return new CameraView(camera.make(), camera.model(), camera.label());
    }
}
