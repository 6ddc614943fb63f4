"""What machine a comparison ran on, for the line above its table."""

import platform


def cpu_model():
    """The processor's name (from /proc/cpuinfo on Linux): wall times mean little without it."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"
