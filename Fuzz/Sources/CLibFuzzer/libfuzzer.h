// libFuzzer's driver, for fuzz targets that bring their own `main` (compiler-rt's libFuzzer, LLVM 12 and
// later; linked by `-sanitize=fuzzer`). A Swift executable always has a `main`, so its `main.swift` hands
// the command line and the target's callback to this driver instead of relying on libFuzzer's `main`.

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(
    int *_Nonnull argc, char *_Nullable *_Nonnull *_Nonnull argv,
    int (*_Nonnull callback)(const uint8_t *_Nonnull data, size_t size));
