# Writes golden.safetensors with Python's reference implementation (run once; the file is committed).
# Usage: python3 make_golden.py   (needs: pip install safetensors numpy)
import numpy as np
from safetensors.numpy import save_file

save_file({
    "weight": np.arange(6, dtype=np.float32).reshape(2, 3) / 4 - 0.5,
    "double": np.array([1.5, -2.25, 1e-300], dtype=np.float64),
    "steps": np.array([[0, -1], [2**40, 7]], dtype=np.int64),
    "labels": np.array([-7, 0, 2**31 - 1], dtype=np.int32),
    "bytes": np.array([0, 127, 255], dtype=np.uint8),
    "scalar": np.array(3.25, dtype=np.float32),
}, "golden.safetensors", metadata={"format": "pt", "note": "golden \"quoted\""})
