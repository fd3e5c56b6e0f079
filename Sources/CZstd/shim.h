// The system libzstd (apt: libzstd-dev), for KeelPersistence's streaming DBN decoder.
#include <zstd.h>
