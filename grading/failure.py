"""Why a test did not pass: one value per kind, so that code decides by kind, never by the
wording of a message. results.json keeps it (extra_data.failure) for tools that read it."""
import enum


class Failure(enum.Enum):
    BUILD = "does not build"
    BOOT = "does not boot"
    TIMEOUT = "timed out waiting for output"
    TIME_LIMIT = "time limit used up"
    PANIC = "kernel panic"
    SIMULATOR = "the simulator failed"
    QEMU_EXIT = "QEMU exited"
    FLOOD = "console output flood"
    REBOOT = "the kernel rebooted"
    CHECK = "check failed"
    PARTIAL = "partial credit"
    TEST_ERROR = "error in the test itself"
    SKIPPED = "skipped"
    NOT_GRADED = "could not be graded"

    @property
    def key(self):
        """The name results.json uses: 'build', 'time_limit', ..."""
        return self.name.lower()

    @classmethod
    def from_key(cls, key):
        return cls[key.upper()] if key and key.upper() in cls.__members__ else None
