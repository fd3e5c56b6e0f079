#!/usr/bin/env python3
"""Writes dbn-mixed-v{1,2,3}.dbn: one small DBN stream per version holding one record of every rtype Keel
decodes, so the fuzzer starts from each version's metadata and record layouts (the real files in
../shared/data/databento are all version 1). Field values are plausible, not real data.
Run from this folder: python3 make-dbn-seeds.py"""

import struct

SIZES = {  # rtype: (v1, v2, v3) size in bytes, as DBNDecoder.layout(rtype:version:)
    0x00: (48, 48, 48), 0x01: (80, 80, 80), 0x0A: (368, 368, 368), 0xA0: (56, 56, 56), 0x21: (56, 56, 56),
    0x12: (40, 40, 40), 0x13: (360, 400, 520), 0x14: (112, 112, 112), 0x15: (80, 320, 320),
    0x16: (80, 176, 176), 0x17: (80, 320, 320), 0x18: (64, 64, 80), 0xC3: (80, 80, 80),
}
PRICE = 5_000_250_000_000  # 5000.25 at 1e-9
TS = 1_719_878_281_218_000_000


def metadata(version):
    symbol_len = 22 if version == 1 else 71
    body = b"GLBX.MDP3".ljust(16, b"\0") + struct.pack("<HQQQ", 0xFFFF, TS, TS + 10**9, 0)
    if version == 1:
        body += struct.pack("<Q", 2**64 - 1) + bytes([1, 0, 0]) + bytes(47)
    else:
        body += bytes([1, 0, 0]) + struct.pack("<H", symbol_len) + bytes(53)
    body += struct.pack("<I", 0)  # schema_definition_length
    sym = lambda s: s.encode().ljust(symbol_len, b"\0")
    body += struct.pack("<I", 1) + sym("ESU4")  # symbols
    body += struct.pack("<I", 0) + struct.pack("<I", 0)  # partial, not_found
    body += struct.pack("<I", 1) + sym("ESU4") + struct.pack("<III", 1, 20240701, 20240702) + sym("118")
    return b"DBN" + bytes([version]) + struct.pack("<I", len(body)) + body


def record(version, rtype, k):
    size = SIZES[rtype][version - 1]
    r = bytearray(size)
    struct.pack_into("<BBHIQ", r, 0, size // 4, rtype, 1, 118, TS + k)
    if rtype == 0xA0:  # MboMsg: order_id, price, size, flags, channel, action, side, ts_recv
        struct.pack_into("<QqIBBccQ", r, 16, 7, PRICE, 3, 0x80, 0, b"A", b"B", TS + k)
    elif rtype in (0x00, 0x01, 0x0A):  # trade part, then levels
        struct.pack_into("<qIccBBQ", r, 16, PRICE, 2, b"T", b"A", 0x80, 0, TS + k)
        for level in range(1 if rtype == 0x01 else 10 if rtype == 0x0A else 0):
            struct.pack_into("<qqIIII", r, 48 + 32 * level, PRICE - 250_000_000, PRICE, 5, 6, 1, 1)
    elif rtype == 0xC3:
        struct.pack_into("<qI", r, 16, PRICE, 1)
        struct.pack_into("<qqIIII", r, 48, PRICE - 250_000_000, PRICE, 5, 6, 1, 1)
    elif rtype == 0x21:
        struct.pack_into("<qqqqQ", r, 16, PRICE, PRICE + 250_000_000, PRICE - 250_000_000, PRICE, 42)
    elif rtype == 0x13:  # InstrumentDefMsg: ts_recv, min_price_increment, display_factor, expiration …
        struct.pack_into("<QqqQQ", r, 16, TS, 250_000_000, 10**9, TS + 10**17, TS - 10**16)
        raw_symbol, cls = {1: (200, 325), 2: (200, 374), 3: (238, 487)}[version]
        r[raw_symbol:raw_symbol + 4] = b"ESU4"
        r[cls] = ord("F")
    elif rtype in (0x15, 0x17):
        r[16:16 + 5] = b"hello"
    elif rtype == 0x16:
        a, b = (16, 38) if version == 1 else (17, 89)
        r[a:a + 4] = b"ESU4"
        r[b:b + 3] = b"118"
    elif rtype == 0x18:
        struct.pack_into("<QQq", r, 16, TS, TS, PRICE)
    return bytes(r)


for version in (1, 2, 3):
    with open(f"dbn-mixed-v{version}.dbn", "wb") as f:
        f.write(metadata(version) + b"".join(record(version, t, k) for k, t in enumerate(SIZES)))
