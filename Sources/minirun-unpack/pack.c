/*
 * Pack mode: a directory tree written as an OCI image layer (a pax tar), for `build`. The tree is a
 * container's overlay upper directory (or one made in its shape), so overlayfs's own marks are
 * turned into the OCI form: a 0/0 character device NAME becomes an empty ".wh.NAME" file, a
 * directory carrying trusted.overlay.opaque=y gets a ".wh..wh..opq" file inside it. Entries are
 * written in name order, so the same tree makes the same bytes; hard links inside the tree stay
 * hard links; owners, modes, times and xattrs (but trusted.overlay.*) are kept.
 *
 * mr_pack_path writes one file or tree as it is, under a name of the caller's, for `cp`.
 */
#include "pack.h"
#include "mr_archive.h"
#include "mr_write_all.h"

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

struct pack_job {
    struct archive *archive;
    struct archive_entry_linkresolver *links;
    EVP_MD_CTX *sha;
    int output_fd;
    int layer;               /* overlayfs's whiteouts and opaque directories become OCI ones */
    uint64_t bytes;
    char *error;
    size_t error_len;
};

static int pack_fail(struct pack_job *job, const char *what, const char *path)
{
    snprintf(job->error, job->error_len, "%s %s: %s", what, path,
             job->archive && archive_errno(job->archive) ? archive_error_string(job->archive) : strerror(errno));
    return MR_ARCHIVE_FAILED;
}

static la_ssize_t write_out(struct archive *archive, void *data, const void *buffer, size_t length)
{
    (void)archive;
    struct pack_job *job = data;
    EVP_DigestUpdate(job->sha, buffer, length);
    return mr_write_all(job->output_fd, buffer, length) == 0 ? (la_ssize_t)length : -1;
}

static int is_opaque(const char *path)
{
    char value[2];
    ssize_t n = lgetxattr(path, "trusted.overlay.opaque", value, sizeof value);
    return n == 1 && value[0] == 'y';
}

/* The xattrs of path but overlayfs's own. */
static void copy_xattrs(struct archive_entry *entry, const char *path)
{
    char names[65536];
    ssize_t length = llistxattr(path, names, sizeof names);
    for (ssize_t at = 0; length > 0 && at < length; at += (ssize_t)strlen(names + at) + 1) {
        const char *name = names + at;
        if (strncmp(name, "trusted.overlay.", strlen("trusted.overlay.")) == 0)
            continue;
        char value[65536];
        ssize_t size = lgetxattr(path, name, value, sizeof value);
        if (size >= 0)
            archive_entry_xattr_add_entry(entry, name, value, (size_t)size);
    }
}

static int write_empty_file(struct pack_job *job, const char *name, const struct stat *like)
{
    struct archive_entry *entry = archive_entry_new();
    archive_entry_set_pathname(entry, name);
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_size(entry, 0);
    archive_entry_set_mtime(entry, like->st_mtim.tv_sec, like->st_mtim.tv_nsec);
    int status = archive_write_header(job->archive, entry);
    archive_entry_free(entry);
    return status == ARCHIVE_OK ? MR_ARCHIVE_OK : pack_fail(job, "writing", name);
}

static int write_data(struct pack_job *job, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return pack_fail(job, "opening", path);
    char buffer[1 << 16];
    for (;;) {
        ssize_t n = read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            close(fd);
            return pack_fail(job, "reading", path);
        }
        if (n == 0)
            break;
        if (archive_write_data(job->archive, buffer, (size_t)n) != n) {
            close(fd);
            return pack_fail(job, "writing", path);
        }
        job->bytes += (uint64_t)n;
    }
    close(fd);
    return MR_ARCHIVE_OK;
}

/* One entry: path on disk, name in the layer. */
static int pack_entry(struct pack_job *job, const char *path, const char *name)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return pack_fail(job, "reading", path);
    if (job->layer && S_ISCHR(st.st_mode) && st.st_rdev == makedev(0, 0)) {
        char whiteout[PATH_MAX];
        const char *slash = strrchr(name, '/');
        int prefix = slash ? (int)(slash - name + 1) : 0;
        snprintf(whiteout, sizeof whiteout, "%.*s.wh.%s", prefix, name, name + prefix);
        return write_empty_file(job, whiteout, &st);
    }
    struct archive_entry *entry = archive_entry_new();
    archive_entry_copy_stat(entry, &st);
    archive_entry_set_pathname(entry, name);
    if (!S_ISREG(st.st_mode))
        archive_entry_set_size(entry, 0);
    if (S_ISLNK(st.st_mode)) {
        char target[PATH_MAX];
        ssize_t n = readlink(path, target, sizeof target - 1);
        if (n < 0) {
            archive_entry_free(entry);
            return pack_fail(job, "reading", path);
        }
        target[n] = 0;
        archive_entry_set_symlink(entry, target);
    }
    copy_xattrs(entry, path);
    struct archive_entry *spare = NULL;
    archive_entry_linkify(job->links, &entry, &spare);
    int status = MR_ARCHIVE_OK;
    if (entry != NULL) {
        if (archive_write_header(job->archive, entry) != ARCHIVE_OK)
            status = pack_fail(job, "writing", name);
        else if (S_ISREG(st.st_mode) && archive_entry_size(entry) > 0)
            status = write_data(job, path);
        else if (S_ISLNK(st.st_mode) && archive_entry_hardlink(entry) == NULL)
            job->bytes += strlen(archive_entry_symlink(entry)); /* as extract.c counts it */
        archive_entry_free(entry);
    }
    if (spare != NULL)
        archive_entry_free(spare);
    if (status == MR_ARCHIVE_OK && job->layer && S_ISDIR(st.st_mode) && is_opaque(path)) {
        char opaque[PATH_MAX];
        snprintf(opaque, sizeof opaque, "%s/.wh..wh..opq", name);
        status = write_empty_file(job, opaque, &st);
    }
    return status;
}

static int pack_directory(struct pack_job *job, const char *path, const char *name)
{
    struct dirent **entries;
    int count = scandir(path, &entries, NULL, alphasort);
    if (count < 0)
        return pack_fail(job, "listing", path);
    int status = MR_ARCHIVE_OK;
    for (int i = 0; i < count; i++) {
        const char *base = entries[i]->d_name;
        if (status == MR_ARCHIVE_OK && strcmp(base, ".") != 0 && strcmp(base, "..") != 0) {
            char child_path[PATH_MAX], child_name[PATH_MAX];
            snprintf(child_path, sizeof child_path, "%s/%s", path, base);
            snprintf(child_name, sizeof child_name, "%s%s%s", name, *name ? "/" : "", base);
            status = pack_entry(job, child_path, child_name);
            struct stat st;
            if (status == MR_ARCHIVE_OK && lstat(child_path, &st) == 0 && S_ISDIR(st.st_mode))
                status = pack_directory(job, child_path, child_name);
        }
        free(entries[i]);
    }
    free(entries);
    return status;
}

/* The job's archive, link resolver and digest, writing to output_fd; 0, or -1 with the error set. */
static int begin_job(struct pack_job *job)
{
    job->sha = EVP_MD_CTX_new();
    job->archive = archive_write_new();
    job->links = archive_entry_linkresolver_new();
    if (job->sha == NULL || job->archive == NULL || job->links == NULL || EVP_DigestInit_ex(job->sha, EVP_sha256(), NULL) != 1) {
        snprintf(job->error, job->error_len, "out of memory");
        return -1;
    }
    archive_write_set_format_pax_restricted(job->archive);
    archive_entry_linkresolver_set_strategy(job->links, archive_format(job->archive));
    archive_write_set_bytes_in_last_block(job->archive, 1);
    if (archive_write_open(job->archive, job, NULL, write_out, NULL) != ARCHIVE_OK) {
        pack_fail(job, "writing", "the archive");
        return -1;
    }
    return 0;
}

static int end_job(struct pack_job *job, int status)
{
    if (status == MR_ARCHIVE_OK && archive_write_close(job->archive) != ARCHIVE_OK)
        status = pack_fail(job, "writing", "the archive");
    if (job->archive)
        archive_write_free(job->archive);
    if (job->links)
        archive_entry_linkresolver_free(job->links);
    return status;
}

int mr_pack_layer(const char *source_dir, int output_fd, struct mr_pack_result *result, char *error, size_t error_len)
{
    struct pack_job job = {.output_fd = output_fd, .layer = 1, .error = error, .error_len = error_len};
    int status = begin_job(&job) == 0 ? pack_directory(&job, source_dir, "") : MR_ARCHIVE_FAILED;
    status = end_job(&job, status);
    if (status == MR_ARCHIVE_OK) {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        EVP_DigestFinal_ex(job.sha, digest, &length);
        for (unsigned int i = 0; i < length && i < 32; i++)
            snprintf(result->diff_id_hex + 2 * i, 3, "%02x", digest[i]);
        result->bytes = job.bytes;
    }
    if (job.sha)
        EVP_MD_CTX_free(job.sha);
    return status;
}

int mr_pack_path(const char *path, const char *name, int output_fd, char *error, size_t error_len)
{
    struct pack_job job = {.output_fd = output_fd, .layer = 0, .error = error, .error_len = error_len};
    int status = MR_ARCHIVE_FAILED;
    struct stat st;
    if (lstat(path, &st) != 0)
        pack_fail(&job, "reading", path);
    else if (begin_job(&job) == 0) {
        /* "." is the directory's contents, without an entry for the directory itself. */
        int contents_only = strcmp(name, ".") == 0 && S_ISDIR(st.st_mode);
        status = contents_only ? MR_ARCHIVE_OK : pack_entry(&job, path, name);
        if (status == MR_ARCHIVE_OK && S_ISDIR(st.st_mode))
            status = pack_directory(&job, path, contents_only ? "" : name);
    }
    status = end_job(&job, status);
    if (job.sha)
        EVP_MD_CTX_free(job.sha);
    return status;
}
