"""Writes the numpy-made .npy fixtures next to this script.

Run with numpy 2.x from this folder: python3 make_fixtures.py
The values are fixed here and restated in NpyTest, which checks that Kiln reads each file to
exactly these values and that Kiln's writer reproduces each version 1.0 file byte for byte.
"""
import numpy as np
from numpy.lib import format as npformat

f32 = np.array([[1.5, -0.0, np.nan, np.inf], [-np.inf, 1e-45, 1.1754942e-38, 3.4028235e38]], dtype='<f4')
fixtures = {
    'f32_2x4.npy': f32,
    'f64_3.npy': np.array([np.pi, -0.0, 5e-324], dtype='<f8'),
    'i64_2.npy': np.array([np.iinfo(np.int64).min, np.iinfo(np.int64).max], dtype='<i8'),
    'i32_2x2.npy': np.array([[-2147483648, 2147483647], [0, -1]], dtype='<i4'),
    'i8_4.npy': np.array([-128, 127, 0, -1], dtype='i1'),
    'bool_3.npy': np.array([True, False, True], dtype='?'),
    'c64_2.npy': np.array([1 + 2j, -0.5 - 0.25j], dtype='<c8'),
    'f32_scalar.npy': np.array(2.5, dtype='<f4'),
    'f32_empty_0x3.npy': np.zeros((0, 3), dtype='<f4'),
    'i32_1x1x1x1x1.npy': np.array(7, dtype='<i4').reshape(1, 1, 1, 1, 1),
}
for name, array in fixtures.items():
    np.save(name, array)

for version in [(2, 0), (3, 0)]:
    with open('f32_2x4_v%d.npy' % version[0], 'wb') as f:
        npformat.write_array(f, f32, version=version)
