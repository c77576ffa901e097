/*
 * Nightshift: TEST-ONLY native hooks. Nothing in production calls them: the worker reaches
 * nightshift_test_crash only when its test configuration flag
 * (nightshift.worker.test-hooks.native-crash, off by default) is on AND the job's source key carries
 * the test marker. It exists so that the worker's crash tests kill a real process inside native code,
 * the way a LibRaw bug on a hostile file or the OOM killer would, rather than with System.exit.
 * Bound to Java by LibRawConfig (LibRawApi.nightshift_test_crash).
 */
#ifndef NIGHTSHIFT_TEST_HOOKS_H
#define NIGHTSHIFT_TEST_HOOKS_H

#include <stdlib.h>

/* Kills the calling process from native code: how == 1 writes through a null pointer (SIGSEGV, which the
 * JVM reports as a crash in native code and aborts on), anything else calls abort() (SIGABRT). Never
 * returns. */
inline void nightshift_test_crash(int how) {
    if (how == 1) {
        volatile int* nowhere = 0;
        *nowhere = 42;
    }
    abort();
}

#endif
