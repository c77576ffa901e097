package io.nightshift.trainer.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** How the trainer's commands end on an error: one line for the operator, one JSON line, exit status 1. */
final class CliErrors {

    private CliErrors() {
    }

    static void exit(Exception e) {
        System.out.println("error: " + e.getMessage());
        try {
            System.out.println("{\"ok\":false,\"error\":" + new ObjectMapper().writeValueAsString(String.valueOf(
                    e.getMessage())) + "}");
        } catch (JsonProcessingException never) {
            System.out.println("{\"ok\":false}");
        }
        System.exit(1);
    }
}
