// Counts the calling thread's heap allocations (malloc, calloc, realloc, aligned allocations) so a test
// can check a hot path allocates nothing. Linux/glibc only. Build and use:
//   clang -shared -fPIC -O2 -o /tmp/libkeel_malloc_count.so scripts/malloc-count/malloc_count.c
//   LD_PRELOAD=/tmp/libkeel_malloc_count.so swift test --skip-build --filter Allocation
// Tests look the counter up with dlsym(RTLD_DEFAULT, "keel_thread_malloc_count") and skip if absent.
#include <stddef.h>
#include <stdint.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static __thread uint64_t count;

uint64_t keel_thread_malloc_count(void) { return count; }

void *malloc(size_t size) { count++; return __libc_malloc(size); }
void *calloc(size_t n, size_t size) { count++; return __libc_calloc(n, size); }
void *realloc(void *p, size_t size) { count++; return __libc_realloc(p, size); }
void *memalign(size_t alignment, size_t size) { count++; return __libc_memalign(alignment, size); }
void *aligned_alloc(size_t alignment, size_t size) { count++; return __libc_memalign(alignment, size); }
int posix_memalign(void **out, size_t alignment, size_t size) {
    count++;
    void *p = __libc_memalign(alignment, size);
    if (!p) return 12;  // ENOMEM
    *out = p;
    return 0;
}
