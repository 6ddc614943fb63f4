"""What machine a comparison ran on, for the line above its table."""

import platform


def cpu_model():
    """The processor's name with its family and model numbers (from /proc/cpuinfo on Linux;
    a VM may show only "AMD EPYC"): wall times mean little without it."""
    fields = {}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if not line.strip():
                    break  # the first processor is enough
                key, _, value = line.partition(":")
                fields[key.strip()] = value.strip()
    except OSError:
        pass
    name = fields.get("model name") or platform.processor() or "unknown CPU"
    if "cpu family" in fields and "model" in fields:
        name += f" (family {fields['cpu family']}, model {fields['model']})"
    return name
