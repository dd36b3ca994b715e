/*
 * Secure tarball extraction with libarchive, in minirun-unpack: a dynamically linked program of its
 * own, so that libarchive (and the iconv, locale and compression libraries it pulls in) never runs
 * inside the static minirun executable, where a dlopen'ed library would meet a second copy of glibc
 * and crash in iconv on the first PAX header. Only imports pay for starting it.
 *
 * Defence in two layers: libarchive's secure flags (SECURE_NODOTDOT, SECURE_SYMLINKS,
 * SECURE_NOABSOLUTEPATHS), and our own check of every entry before libarchive sees it, which also gives a
 * clear message: no absolute paths, no "..", no path through a symlink already on disk, hard-link targets
 * held to the same rules, optionally no device nodes.
 *
 * libarchive resolves entry paths against the working directory and calls umask(), chdir() and fchdir()
 * itself, so extraction runs on a thread of its own that first unshares its filesystem context
 * (unshare(CLONE_FS)): its cwd and umask are then private and die with it.
 *
 * gzip input, most layers, is decoded by gunzip.c (ISA-L) and libarchive reads only the tar; other
 * compressions stay libarchive's.
 */
#include "extract.h"
#include "gunzip.h"
#include "mr_archive.h"
#include "mr_write_all.h"

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#define READ_BUFFER_SIZE (128 * 1024)
#define UNCOMPRESSED_BUFFER_SIZE (256 * 1024)
#define MR_STRINGIFY_VALUE(x) #x
#define MR_STRINGIFY(x) MR_STRINGIFY_VALUE(x)

struct job {
    int input_fd;
    int more_fd;             /* see mr_unpack_options; -1 once the writer said the file is complete */
    int dest_fd;
    int allow_devices;
    int layer;               /* an image layer: whiteouts applied, the uncompressed stream hashed */
    int tar_copy_fd;         /* layer mode: where the uncompressed stream is copied, -1 = nowhere */
    int allow_empty;
    int set_owner;           /* entries get uid:gid as their owner */
    uint32_t uid, gid;
    /* The tar reader reads the uncompressed stream through read_uncompressed, from one of these, or
     * (not a layer, not gzip) decompresses the input itself. */
    struct mr_gunzip *gunzip; /* gzip input: ISA-L decodes it (with gunzip_state); NULL otherwise */
    struct archive *raw;     /* layer mode, other input: libarchive's decompressing reader */
    size_t pending;          /* bytes at the start of buffer read (and hashed) but not yet handed on */
    int status;
    int read_errno;          /* set when read(input_fd) failed */
    uint64_t unpacked;
    uint64_t entries;
    int root_entry;              /* the archive has a "./" entry ... */
    struct timespec root_times[2]; /* ... with these times, restored at the very end */
    EVP_MD_CTX *sha;         /* the input's bytes as read */
    EVP_MD_CTX *diff_sha;    /* layer mode: the uncompressed stream (the layer's diff_id) */
    int decode_failed;       /* decompressing failed (the message is gunzip's or the raw reader's) */
    int copy_errno;          /* layer mode: writing tar_copy_fd failed */
    uint64_t uncompressed;   /* bytes of the uncompressed stream (read_uncompressed) */
    char error[1024];
    unsigned char buffer[READ_BUFFER_SIZE];
    unsigned char uncompressed_buffer[UNCOMPRESSED_BUFFER_SIZE];
    struct mr_gunzip gunzip_state;
};

static int fail(struct job *job, int status, const char *format, ...) __attribute__((format(printf, 3, 4)));

static int fail(struct job *job, int status, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vsnprintf(job->error, sizeof job->error, format, ap);
    va_end(ap);
    job->status = status;
    return status;
}

/* A name from the archive, quoted for a one-line message: control bytes, quotes and backslashes escaped,
 * long names shortened. */
static const char *quote(const char *name, char *out, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t at = 0;
    out[at++] = '"';
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (at + 8 >= len) {
            memcpy(out + at, "...", 3);
            at += 3;
            break;
        }
        if (*p == '"' || *p == '\\') {
            out[at++] = '\\';
            out[at++] = (char)*p;
        } else if (*p < 0x20 || *p == 0x7f) {
            out[at++] = '\\';
            out[at++] = 'x';
            out[at++] = hex[*p >> 4];
            out[at++] = hex[*p & 15];
        } else {
            out[at++] = (char)*p;
        }
    }
    out[at++] = '"';
    out[at] = '\0';
    return out;
}

static int refuse(struct job *job, const char *entry, const char *format, ...) __attribute__((format(printf, 3, 4)));

static int refuse(struct job *job, const char *entry, const char *format, ...)
{
    char name[300], reason[600];
    va_list ap;
    va_start(ap, format);
    vsnprintf(reason, sizeof reason, format, ap);
    va_end(ap);
    return fail(job, MR_ARCHIVE_REFUSED, "refusing %s: %s", quote(entry, name, sizeof name), reason);
}

/*
 * Copies an archive path into out without empty and "." components ("./a//b/" -> "a/b"; "./" -> "").
 * Returns NULL, or why the path is not acceptable.
 */
static const char *normalize(const char *path, char *out, size_t len)
{
    if (path[0] == '/')
        return "absolute path";
    size_t at = 0, depth = 0;
    const char *p = path;
    while (*p) {
        const char *end = strchrnul(p, '/');
        size_t n = (size_t)(end - p);
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return "path contains '..'";
        if (n > 0 && !(n == 1 && p[0] == '.')) {
            if (++depth > MR_ARCHIVE_MAX_DEPTH)
                return "path is more than " MR_STRINGIFY(MR_ARCHIVE_MAX_DEPTH) " levels deep";
            if (at + (at > 0) + n >= len)
                return "path is too long";
            if (at > 0)
                out[at++] = '/';
            memcpy(out + at, p, n);
            at += n;
        }
        p = *end ? end + 1 : end;
    }
    out[at] = '\0';
    return NULL;
}

/*
 * Looks at every proper prefix of a normalized path below the working directory (dest_dir). Returns the
 * length of the first prefix that is a symlink, or 0 when none is (a missing component ends the walk:
 * nothing below it exists yet).
 */
static size_t symlink_prefix(char *path)
{
    for (char *slash = strchr(path, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
        struct stat st;
        *slash = '\0';
        int r = lstat(path, &st);
        *slash = '/';
        if (r != 0)
            return 0;
        if (S_ISLNK(st.st_mode))
            return (size_t)(slash - path);
        if (!S_ISDIR(st.st_mode))
            return 0;
    }
    return 0;
}

static const char *type_name(mode_t type)
{
    switch (type) {
    case AE_IFCHR: return "character device";
    case AE_IFBLK: return "block device";
    default: return "entry";
    }
}

/* Our own checks of an entry, before libarchive touches the disk for it. A symlink already where the
 * entry goes is removed, so that no entry (a directory in particular) is ever written through it;
 * libarchive does the same with SECURE_SYMLINKS, this keeps it true without relying on that. */
static int check_entry(struct job *job, struct archive_entry *entry)
{
    const char *path = archive_entry_pathname(entry);
    const char *hardlink = archive_entry_hardlink(entry);
    const char *symlink_target = archive_entry_symlink(entry);
    mode_t type = archive_entry_filetype(entry);
    char clean[PATH_MAX], target[PATH_MAX], shown[300], shown_target[300];
    const char *why;

    if (path == NULL || path[0] == '\0')
        return refuse(job, "", "empty path");
    if ((why = normalize(path, clean, sizeof clean)) != NULL)
        return refuse(job, path, "%s", why);
    if (clean[0] == '\0') {
        if (type != AE_IFDIR || hardlink != NULL || symlink_target != NULL)
            return refuse(job, path, "the archive's root can only be a directory");
        /* libarchive defers the times of directories it creates until all their contents are written,
         * but sets those of an existing one (dest_dir) at once, and later entries change them again. */
        job->root_entry = 1;
        job->root_times[0].tv_sec = archive_entry_atime(entry);
        job->root_times[0].tv_nsec = archive_entry_atime_nsec(entry);
        if (!archive_entry_atime_is_set(entry))
            job->root_times[0].tv_nsec = UTIME_NOW;
        job->root_times[1].tv_sec = archive_entry_mtime(entry);
        job->root_times[1].tv_nsec = archive_entry_mtime_nsec(entry);
        if (!archive_entry_mtime_is_set(entry))
            job->root_times[1].tv_nsec = UTIME_OMIT;
    }
    /* overlayfs reads these on a lower layer (opaque directories, redirects, metacopy): an entry
     * carrying one would change what a container sees of other layers, or of other paths. */
    const char *xattr_name;
    const void *xattr_value;
    size_t xattr_size;
    archive_entry_xattr_reset(entry);
    while (archive_entry_xattr_next(entry, &xattr_name, &xattr_value, &xattr_size) == ARCHIVE_OK)
        if (strncmp(xattr_name, "trusted.overlay.", strlen("trusted.overlay.")) == 0)
            return refuse(job, path, "it carries the overlayfs attribute %s", xattr_name);
    if (!job->allow_devices && hardlink == NULL && (type == AE_IFCHR || type == AE_IFBLK))
        return refuse(job, path, "%s node, and device nodes are not allowed here", type_name(type));

    size_t link_at = symlink_prefix(clean);
    if (link_at > 0) {
        clean[link_at] = '\0';
        return refuse(job, path, "path goes through the symlink %s", quote(clean, shown, sizeof shown));
    }

    if (hardlink != NULL) {
        if (hardlink[0] == '\0')
            return refuse(job, path, "hard link with an empty target");
        if ((why = normalize(hardlink, target, sizeof target)) != NULL)
            return refuse(job, path, "hard link target %s: %s", quote(hardlink, shown, sizeof shown), why);
        if (target[0] == '\0')
            return refuse(job, path, "hard link to the archive's root");
        link_at = symlink_prefix(target);
        if (link_at > 0) {
            target[link_at] = '\0';
            return refuse(job, path, "hard link target goes through the symlink %s",
                          quote(target, shown, sizeof shown));
        }
        struct stat st;
        if (lstat(target, &st) != 0)
            return fail(job, MR_ARCHIVE_INVALID, "extracting %s: hard link target %s does not exist",
                        quote(path, shown, sizeof shown), quote(hardlink, shown_target, sizeof shown_target));
        if (S_ISDIR(st.st_mode))
            return refuse(job, path, "hard link to the directory %s", quote(hardlink, shown, sizeof shown));
        /* For a hard link that carries data, libarchive 3.6.2 links to the target itself, then applies
         * the entry's mode with chmod(), which follows a symlink: an archive could chmod any file on the
         * host. Only regular files may be such targets. */
        if (archive_entry_size(entry) > 0 && !S_ISREG(st.st_mode))
            return refuse(job, path, "hard link with data to %s, which is not a regular file",
                          quote(hardlink, shown, sizeof shown));
    }

    struct stat st;
    if (clean[0] != '\0' && lstat(clean, &st) == 0 && S_ISLNK(st.st_mode) && unlink(clean) != 0)
        return fail(job, MR_ARCHIVE_FAILED, "extracting %s: cannot remove the symlink in its place: %s",
                    quote(path, shown, sizeof shown), strerror(errno));
    return MR_ARCHIVE_OK;
}

/* Makes the missing directories of a normalized path's parent (0755, as libarchive makes those an
 * archive does not list). Existing components were checked not to be symlinks (symlink_prefix). */
static int make_parents(struct job *job, const char *clean, const char *entry)
{
    char path[PATH_MAX], shown[300];
    snprintf(path, sizeof path, "%s", clean);
    for (char *slash = strchr(path, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (mkdir(path, 0755) != 0 && errno != EEXIST)
            return fail(job, MR_ARCHIVE_FAILED, "extracting %s: cannot make %s: %s", quote(entry, shown, sizeof shown),
                        path, strerror(errno));
        *slash = '/';
    }
    return MR_ARCHIVE_OK;
}

#define WHITEOUT_PREFIX ".wh."
#define OPAQUE_WHITEOUT ".wh..wh..opq"

/* The last component of a normalized path. */
static const char *base_name(const char *clean)
{
    const char *slash = strrchr(clean, '/');
    return slash != NULL ? slash + 1 : clean;
}

/*
 * Layer mode: an OCI whiteout entry becomes what overlayfs reads as one, in this layer's own
 * directory, so that the layers below are left as they are: ".wh.NAME" a 0/0 character device at
 * NAME (NAME hidden from the lower layers), ".wh..wh..opq" the trusted.overlay.opaque=y attribute on
 * its directory (the lower layers' content of it hidden). An opaque directory hides only the lower
 * layers, never this layer's own entries, so it holds whatever the entries' order in the tar. Other
 * ".wh..wh." names (aufs' hard-link bookkeeping) carry nothing and are skipped.
 */
static int apply_whiteout(struct job *job, const char *path)
{
    char clean[PATH_MAX], target[PATH_MAX], shown[300];
    normalize(path, clean, sizeof clean); /* checked by check_entry already */
    const char *base = base_name(clean);
    size_t parent_len = (size_t)(base - clean);
    if (make_parents(job, clean, path) != MR_ARCHIVE_OK)
        return job->status;
    if (strcmp(base, OPAQUE_WHITEOUT) == 0) {
        snprintf(target, sizeof target, "%.*s", parent_len > 0 ? (int)parent_len - 1 : 1, parent_len > 0 ? clean : ".");
        if (lsetxattr(target, "trusted.overlay.opaque", "y", 1, 0) != 0)
            return fail(job, MR_ARCHIVE_FAILED, "extracting %s: cannot mark the directory opaque: %s",
                        quote(path, shown, sizeof shown), strerror(errno));
        return MR_ARCHIVE_OK;
    }
    const char *name = base + strlen(WHITEOUT_PREFIX);
    if (strncmp(name, WHITEOUT_PREFIX, strlen(WHITEOUT_PREFIX)) == 0)
        return MR_ARCHIVE_OK;
    if (name[0] == '\0' || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return refuse(job, path, "a whiteout of no file");
    snprintf(target, sizeof target, "%.*s%s", (int)parent_len, clean, name);
    /* NAME in this layer already hides the lower layers' NAME; a directory would still show their
     * content, which the whiteout removed: it becomes opaque. */
    struct stat st;
    if (lstat(target, &st) == 0) {
        if (S_ISDIR(st.st_mode) && lsetxattr(target, "trusted.overlay.opaque", "y", 1, 0) != 0)
            return fail(job, MR_ARCHIVE_FAILED, "extracting %s: cannot mark the directory opaque: %s",
                        quote(path, shown, sizeof shown), strerror(errno));
        return MR_ARCHIVE_OK;
    }
    if (mknod(target, S_IFCHR, makedev(0, 0)) != 0)
        return fail(job, MR_ARCHIVE_FAILED, "extracting %s: cannot make the whiteout: %s",
                    quote(path, shown, sizeof shown), strerror(errno));
    return MR_ARCHIVE_OK;
}

/* Whether the entry at path replaces a whiteout this layer made (a 0/0 character device). */
static int is_whiteout_node(const char *path)
{
    char clean[PATH_MAX];
    struct stat st;
    return normalize(path, clean, sizeof clean) == NULL && clean[0] != '\0' && lstat(clean, &st) == 0 &&
           S_ISCHR(st.st_mode) && st.st_rdev == makedev(0, 0);
}

static int apply_opaque(struct job *job, const char *path)
{
    char clean[PATH_MAX], shown[300];
    normalize(path, clean, sizeof clean);
    if (lsetxattr(clean, "trusted.overlay.opaque", "y", 1, 0) != 0)
        return fail(job, MR_ARCHIVE_FAILED, "extracting %s: cannot mark the directory opaque: %s",
                    quote(path, shown, sizeof shown), strerror(errno));
    return MR_ARCHIVE_OK;
}

static int is_whiteout(const char *path)
{
    char clean[PATH_MAX];
    return normalize(path, clean, sizeof clean) == NULL &&
           strncmp(base_name(clean), WHITEOUT_PREFIX, strlen(WHITEOUT_PREFIX)) == 0;
}

/* read(2), again when interrupted, and after waiting when fd (a socket or pipe) has nothing yet:
 * how many bytes, 0 at its end, or -1 (errno says why). */
static ssize_t read_waiting(int fd, void *buffer, size_t len)
{
    for (;;) {
        ssize_t n = read(fd, buffer, len);
        if (n >= 0)
            return n;
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return -1;
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        poll(&pfd, 1, -1);
    }
}

/* At the end so far of a file still being written: waits for the writer's word that it wrote more
 * (any bytes on more_fd) or that the file is complete (more_fd's end, after which one more read of
 * the file finds its true end). 0, or -1 (read_errno says why). */
static int wait_for_more(struct job *job)
{
    unsigned char words[4096];
    ssize_t n = read_waiting(job->more_fd, words, sizeof words);
    if (n < 0) {
        job->read_errno = errno;
        return -1;
    }
    if (n == 0)
        job->more_fd = -1;
    return 0;
}

/* Reads the next bytes of the input into buffer and hashes them: how many, 0 at its end, or -1
 * (read_errno says why). */
static ssize_t read_some(struct job *job, unsigned char *buffer, size_t len)
{
    for (;;) {
        ssize_t n = read_waiting(job->input_fd, buffer, len);
        if (n < 0) {
            job->read_errno = errno;
            return -1;
        }
        if (n == 0 && job->more_fd >= 0) {
            if (wait_for_more(job) != 0)
                return -1;
            continue;
        }
        EVP_DigestUpdate(job->sha, buffer, (size_t)n);
        return n;
    }
}

/* The input, as libarchive's readers read it: first what sniff_gzip read ahead. */
static la_ssize_t read_input(struct archive *archive, void *data, const void **buffer)
{
    (void)archive;
    struct job *job = data;
    *buffer = job->buffer;
    if (job->pending > 0) {
        la_ssize_t n = (la_ssize_t)job->pending;
        job->pending = 0;
        return n;
    }
    return read_some(job, job->buffer, sizeof job->buffer);
}

/* The input, as the gzip decoder reads it. */
static ssize_t fill_gunzip(void *data, const unsigned char **buffer)
{
    struct job *job = data;
    *buffer = job->buffer;
    return read_some(job, job->buffer, sizeof job->buffer);
}

/* Reads the input's first two bytes (fewer when it is shorter), left pending for the reader that
 * gets it: 1 when they are gzip's magic, 0 when not, -1 when reading failed. */
static int sniff_gzip(struct job *job)
{
    while (job->pending < 2) {
        ssize_t n = read_some(job, job->buffer + job->pending, sizeof job->buffer - job->pending);
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        job->pending += (size_t)n;
    }
    return job->pending >= 2 && job->buffer[0] == 0x1f && job->buffer[1] == 0x8b;
}

/* Hashes what libarchive did not need to read: padding after the end-of-archive blocks, for example. */
static int drain_input(struct job *job)
{
    const void *ignored;
    la_ssize_t n;
    while ((n = read_input(NULL, job, &ignored)) > 0)
        ;
    return n == 0 ? MR_ARCHIVE_OK : fail(job, MR_ARCHIVE_FAILED, "reading the archive: %s", strerror(job->read_errno));
}

static int read_failed(struct job *job, struct archive *in, const char *entry);

/* The tar reader reads the uncompressed stream through this, from gunzip (gzip input) or the raw
 * reader that decompresses the input (layer mode: zstd, xz, ... or none); hashing it here gives a
 * layer's diff_id. */
static la_ssize_t read_uncompressed(struct archive *archive, void *data, const void **buffer)
{
    (void)archive;
    struct job *job = data;
    la_ssize_t n = job->gunzip != NULL
                       ? mr_gunzip_read(job->gunzip, job->uncompressed_buffer, sizeof job->uncompressed_buffer)
                       : archive_read_data(job->raw, job->uncompressed_buffer, sizeof job->uncompressed_buffer);
    if (n < 0) {
        job->decode_failed = 1;
        return -1;
    }
    if (job->layer)
        EVP_DigestUpdate(job->diff_sha, job->uncompressed_buffer, (size_t)n);
    job->uncompressed += (uint64_t)n;
    if (job->tar_copy_fd >= 0 && mr_write_all(job->tar_copy_fd, job->uncompressed_buffer, (size_t)n) != 0) {
        job->copy_errno = errno;
        return -1;
    }
    *buffer = job->uncompressed_buffer;
    return n;
}

/* Decompresses the rest of the stream: what follows the end-of-archive blocks is part of a layer's
 * diff_id too, and a gzip stream's end holds its checksum. */
static int drain_uncompressed(struct job *job, struct archive *in)
{
    const void *ignored;
    la_ssize_t n;
    while ((n = read_uncompressed(NULL, job, &ignored)) > 0)
        ;
    return n == 0 ? MR_ARCHIVE_OK : read_failed(job, in, NULL);
}

static int read_failed(struct job *job, struct archive *in, const char *entry)
{
    char shown[300];
    if (job->read_errno != 0)
        return fail(job, MR_ARCHIVE_FAILED, "reading the archive: %s", strerror(job->read_errno));
    if (job->copy_errno != 0)
        return fail(job, MR_ARCHIVE_FAILED, "copying the layer: %s", strerror(job->copy_errno));
    const char *message = !job->decode_failed ? archive_error_string(in)
                          : job->gunzip != NULL ? job->gunzip->error
                                                : archive_error_string(job->raw);
    if (message == NULL)
        message = "unknown error";
    if (entry != NULL)
        return fail(job, MR_ARCHIVE_INVALID, "invalid archive at %s: %s", quote(entry, shown, sizeof shown),
                    message);
    return fail(job, MR_ARCHIVE_INVALID, "invalid archive: %s", message);
}

static int write_failed(struct job *job, struct archive *out, const char *entry)
{
    char shown[300], reason[600];
    const char *message = archive_error_string(out);
    int err = archive_errno(out);
    if (message == NULL)
        message = "unknown error";
    /* libarchive's messages rarely carry the errno text; add it unless they do. */
    if (err > 0 && strstr(message, strerror(err)) == NULL)
        snprintf(reason, sizeof reason, "%s: %s", message, strerror(err));
    else
        snprintf(reason, sizeof reason, "%s", message);
    if (entry == NULL)
        return fail(job, MR_ARCHIVE_FAILED, "finishing the extraction: %s", reason);
    return fail(job, MR_ARCHIVE_FAILED, "extracting %s: %s", quote(entry, shown, sizeof shown), reason);
}

static int copy_data(struct job *job, struct archive *in, struct archive *out, const char *entry)
{
    for (;;) {
        const void *block;
        size_t size;
        la_int64_t offset;
        int r = archive_read_data_block(in, &block, &size, &offset);
        if (r == ARCHIVE_EOF)
            return MR_ARCHIVE_OK;
        if (r < ARCHIVE_WARN)
            return read_failed(job, in, entry);
        if (archive_write_data_block(out, block, size, offset) != ARCHIVE_OK)
            return write_failed(job, out, entry);
        job->unpacked += size;
    }
}

static void support_compression(struct archive *reader)
{
    archive_read_support_filter_gzip(reader);
    archive_read_support_filter_bzip2(reader);
    archive_read_support_filter_xz(reader);
    archive_read_support_filter_lzma(reader);
    archive_read_support_filter_zstd(reader);
}

/*
 * Opens in, the tar reader, on the input. gzip input goes through gunzip, a layer's other input
 * through the raw reader (both giving in the uncompressed stream through read_uncompressed, which
 * hashes it in layer mode); a tarball that is not gzip is decompressed by in itself.
 */
static int open_tar_reader(struct job *job, struct archive *in)
{
    int gzip = sniff_gzip(job);
    if (gzip < 0)
        return fail(job, MR_ARCHIVE_FAILED, "reading the archive: %s", strerror(job->read_errno));
    if (gzip) {
        job->gunzip = &job->gunzip_state;
        mr_gunzip_init(job->gunzip, job->buffer, job->pending, fill_gunzip, job);
        job->pending = 0;
    } else if (job->layer) {
        struct archive_entry *whole;
        support_compression(job->raw);
        archive_read_support_format_raw(job->raw);
        if (archive_read_open(job->raw, job, NULL, read_input, NULL) != ARCHIVE_OK ||
            archive_read_next_header(job->raw, &whole) != ARCHIVE_OK) {
            job->decode_failed = 1;
            return read_failed(job, in, NULL);
        }
    } else {
        support_compression(in);
        archive_read_support_format_tar(in);
        return archive_read_open(in, job, NULL, read_input, NULL) == ARCHIVE_OK ? MR_ARCHIVE_OK
                                                                               : read_failed(job, in, NULL);
    }
    archive_read_support_format_tar(in);
    if (archive_read_open(in, job, NULL, read_uncompressed, NULL) != ARCHIVE_OK)
        return read_failed(job, in, NULL);
    return MR_ARCHIVE_OK;
}

static int extract_entries(struct job *job, struct archive *in, struct archive *out)
{
    /* Ownership can only be restored by root; an unprivileged extraction keeps the caller's ids. */
    int flags = ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_XATTR | ARCHIVE_EXTRACT_ACL |
                ARCHIVE_EXTRACT_FFLAGS | ARCHIVE_EXTRACT_CLEAR_NOCHANGE_FFLAGS |
                ARCHIVE_EXTRACT_SECURE_NODOTDOT | ARCHIVE_EXTRACT_SECURE_SYMLINKS |
                ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS;
    if (geteuid() == 0)
        flags |= ARCHIVE_EXTRACT_OWNER;
    /* No user/group lookup functions: ids are taken as numbers, never mapped through the host's
     * /etc/passwd, since the names in an image belong to the image. */
    archive_write_disk_set_options(out, flags);

    if (open_tar_reader(job, in) != MR_ARCHIVE_OK)
        return job->status;

    for (;;) {
        struct archive_entry *entry;
        int r = archive_read_next_header(in, &entry);
        if (r == ARCHIVE_EOF)
            break;
        /* ARCHIVE_WARN: e.g. a name not convertible to the locale's charset; the raw name is used. */
        if (r < ARCHIVE_WARN)
            return read_failed(job, in, NULL);
        if (check_entry(job, entry) != MR_ARCHIVE_OK)
            return job->status;
        if (job->layer && is_whiteout(archive_entry_pathname(entry))) {
            if (apply_whiteout(job, archive_entry_pathname(entry)) != MR_ARCHIVE_OK)
                return job->status;
            job->entries++;
            continue;
        }
        if (job->set_owner) {
            archive_entry_set_uid(entry, job->uid);
            archive_entry_set_gid(entry, job->gid);
        }
        /* Copied: the entry's storage may change while libarchive writes. */
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s", archive_entry_pathname(entry));
        int over_whiteout = job->layer && archive_entry_filetype(entry) == AE_IFDIR && is_whiteout_node(path);
        /* Warnings count as failures: one means an attribute (owner, xattr, ACL, flag) was not kept. */
        if (archive_write_header(out, entry) != ARCHIVE_OK)
            return write_failed(job, out, path);
        /* write_header sets the size to 0 when there is nothing to write into (links, directories). */
        if (archive_entry_size(entry) > 0 && copy_data(job, in, out, path) != MR_ARCHIVE_OK)
            return job->status;
        if (archive_write_finish_entry(out) != ARCHIVE_OK)
            return write_failed(job, out, path);
        /* A symlink's size is its target's length, counted as Docker counts an image's size. */
        const char *link_target = archive_entry_symlink(entry);
        if (archive_entry_filetype(entry) == AE_IFLNK && archive_entry_hardlink(entry) == NULL && link_target != NULL)
            job->unpacked += strlen(link_target);
        /* A directory where the layer's whiteout was: the lower layers' directory is gone, not merged. */
        if (over_whiteout && apply_opaque(job, path) != MR_ARCHIVE_OK)
            return job->status;
        job->entries++;
    }
    /* A layer may be empty (a build step that changed no file), but still a tar: its end blocks. */
    if (job->entries == 0 && !job->allow_empty && (!job->layer || job->uncompressed == 0))
        return fail(job, MR_ARCHIVE_INVALID, "invalid archive: it contains no entries");
    /* Applies the deferred directory modes, times, ACLs and flags. */
    if (archive_write_close(out) != ARCHIVE_OK)
        return write_failed(job, out, NULL);
    if (job->root_entry && futimens(job->dest_fd, job->root_times) != 0)
        return fail(job, MR_ARCHIVE_FAILED, "setting the times of the archive's root: %s", strerror(errno));
    if ((job->layer || job->gunzip != NULL) && drain_uncompressed(job, in) != MR_ARCHIVE_OK)
        return job->status;
    return drain_input(job);
}

static void *extract_thread(void *arg)
{
    struct job *job = arg;
    /* Private cwd and umask for this thread. Where unshare is not allowed (some seccomp profiles), fall back
     * to changing the process's and restoring them. */
    int private_fs = unshare(CLONE_FS) == 0;
    int saved_cwd = -1;
    if (!private_fs && (saved_cwd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) {
        fail(job, MR_ARCHIVE_FAILED, "cannot remember the working directory: %s", strerror(errno));
        return NULL;
    }
    if (fchdir(job->dest_fd) != 0) {
        fail(job, MR_ARCHIVE_FAILED, "cannot enter the destination directory: %s", strerror(errno));
    } else {
        mode_t saved_umask = umask(022); /* for directories the archive does not list */
        struct archive *in = archive_read_new();
        struct archive *out = archive_write_disk_new();
        if (job->layer)
            job->raw = archive_read_new();
        if (in == NULL || out == NULL || (job->layer && job->raw == NULL))
            fail(job, MR_ARCHIVE_FAILED, "out of memory");
        else
            extract_entries(job, in, out);
        if (out != NULL)
            archive_write_free(out); /* after a failure this still applies the deferred fixups */
        if (in != NULL)
            archive_read_free(in);
        if (job->raw != NULL)
            archive_read_free(job->raw);
        if (job->status != MR_ARCHIVE_OK)
            mr_archive_make_removable(".");
        umask(saved_umask);
    }
    if (!private_fs) {
        if (fchdir(saved_cwd) != 0 && job->status == MR_ARCHIVE_OK)
            fail(job, MR_ARCHIVE_FAILED, "cannot return to the working directory: %s", strerror(errno));
        close(saved_cwd);
    }
    return NULL;
}

static void copy_error(char *error, size_t error_len, const char *message)
{
    if (error != NULL && error_len > 0)
        snprintf(error, error_len, "%s", message);
}

static void final_hex(EVP_MD_CTX *ctx, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, digest, &len);
    for (unsigned int i = 0; i < len && i < 32; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[64] = '\0';
}

int mr_unpack_extract(int input_fd, const char *dest_dir, const struct mr_unpack_options *options,
                      struct mr_unpack_result *result, char *error, size_t error_len)
{
    struct job *job = calloc(1, sizeof *job);
    if (job == NULL) {
        copy_error(error, error_len, "out of memory");
        return MR_ARCHIVE_FAILED;
    }
    job->input_fd = input_fd;
    job->more_fd = options->more_fd;
    job->allow_devices = options->allow_devices;
    job->layer = options->layer;
    job->tar_copy_fd = options->layer ? options->tar_copy_fd : -1;
    job->allow_empty = options->allow_empty;
    job->set_owner = options->set_owner;
    job->uid = options->uid;
    job->gid = options->gid;
    job->status = MR_ARCHIVE_OK;
    job->sha = EVP_MD_CTX_new();
    job->diff_sha = EVP_MD_CTX_new();
    if (job->sha == NULL || job->diff_sha == NULL || EVP_DigestInit_ex(job->sha, EVP_sha256(), NULL) != 1 ||
        EVP_DigestInit_ex(job->diff_sha, EVP_sha256(), NULL) != 1) {
        fail(job, MR_ARCHIVE_FAILED, "cannot set up SHA-256");
        job->dest_fd = -1;
    } else {
        job->dest_fd = open(dest_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (job->dest_fd < 0) {
            char shown[300];
            fail(job, MR_ARCHIVE_FAILED, "cannot open the destination directory %s: %s",
                 quote(dest_dir, shown, sizeof shown), strerror(errno));
        }
    }
    if (job->dest_fd >= 0) {
        pthread_t thread;
        int err = pthread_create(&thread, NULL, extract_thread, job);
        if (err != 0)
            fail(job, MR_ARCHIVE_FAILED, "cannot start the extraction thread: %s", strerror(err));
        else
            pthread_join(thread, NULL);
        close(job->dest_fd);
    }

    int status = job->status;
    if (status == MR_ARCHIVE_OK) {
        final_hex(job->sha, result->sha256_hex);
        if (job->layer)
            final_hex(job->diff_sha, result->diff_id_hex);
        else
            memcpy(result->diff_id_hex, result->sha256_hex, sizeof result->diff_id_hex);
        result->unpacked_bytes = job->unpacked;
        copy_error(error, error_len, "");
    } else {
        copy_error(error, error_len, job->error);
    }
    EVP_MD_CTX_free(job->sha);
    EVP_MD_CTX_free(job->diff_sha);
    free(job);
    return status;
}
