/*
 * minirun-unpack: extracts one image tarball or layer for minirun.
 *
 *   minirun-unpack [--allow-devices] DEST_DIR                        (the tarball on standard input)
 *   minirun-unpack --layer [--allow-devices] [--tar-copy FILE] [--follow BLOB] DEST_DIR
 *   minirun-unpack --pack SOURCE_DIR OUTPUT_FILE                       (see pack.c)
 *   minirun-unpack --cp (--root DIR | --overlay LAYER_ROOT MOUNT_POINT OPTIONS [--volume SOURCE TARGET ro|rw]...)
 *                  (stat PATH | pack PATH NAME | extract DIR [UID:GID])  (`cp`, see cp.c)
 *
 * On success it prints "<sha256 of the input> <bytes of file data written>" and exits 0; with --layer
 * "<sha256 of the input> <sha256 of the uncompressed tar: the diff_id> <bytes>", having applied the
 * layer's whiteouts, and with --tar-copy it also writes the uncompressed tar to FILE (made new, 0600).
 * With --follow the layer is read from BLOB, a file a download still writes: at its end so far
 * minirun-unpack waits for a byte on standard input (the download wrote more) or for standard input's
 * end (the file is complete) - so that the download never waits for the unpacking.
 * Otherwise it prints one line on stderr and exits with the mr_archive_status (1 refused, 2 not a
 * tarball, 3 a system error). --pack writes the layer tar to OUTPUT_FILE (made new, 0600) and prints
 * "<sha256 of the tar: its diff_id> <bytes of file data>". A program of its own because it links libarchive, which the static
 * minirun cannot load (see extract.c).
 */
#include "cp.h"
#include "extract.h"
#include "pack.h"
#include "mr_archive.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

static int usage(void)
{
    fprintf(stderr, "usage: minirun-unpack [--layer [--tar-copy FILE] [--follow BLOB]] [--allow-devices] DEST_DIR < TARBALL\n"
                    "       minirun-unpack --pack SOURCE_DIR OUTPUT_FILE\n"
                    "       minirun-unpack --cp (--root DIR | --overlay LAYER_ROOT MOUNT_POINT OPTIONS [--volume SOURCE TARGET ro|rw]...) VERB ...\n");
    return MR_ARCHIVE_FAILED;
}

static int pack(const char *source, const char *output)
{
    int fd = open(output, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        fprintf(stderr, "cannot create %s: %s\n", output, strerror(errno));
        return MR_ARCHIVE_FAILED;
    }
    struct mr_pack_result result = {0};
    char error[1024];
    int status = mr_pack_layer(source, fd, &result, error, sizeof error);
    if (status == MR_ARCHIVE_OK && close(fd) != 0) {
        snprintf(error, sizeof error, "writing %s: %s", output, strerror(errno));
        status = MR_ARCHIVE_FAILED;
    }
    if (status != MR_ARCHIVE_OK) {
        fprintf(stderr, "%s\n", error);
        return status;
    }
    printf("%s %" PRIu64 "\n", result.diff_id_hex, result.bytes);
    return fflush(stdout) == 0 ? MR_ARCHIVE_OK : MR_ARCHIVE_FAILED;
}

int main(int argc, char **argv)
{
    /* A killed minirun's extraction ends with it: the next command deletes what it left, and must not
     * race with a writer still filling the directory. */
    pid_t parent = getppid();
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
        return MR_ARCHIVE_FAILED;
    if (argc == 4 && strcmp(argv[1], "--pack") == 0)
        return pack(argv[2], argv[3]);
    if (argc > 2 && strcmp(argv[1], "--cp") == 0) {
        int status = mr_cp_main(argc - 2, argv + 2);
        return status < 0 ? usage() : status;
    }
    struct mr_unpack_options options = {.allow_devices = 0, .layer = 0, .tar_copy_fd = -1, .more_fd = -1};
    const char *tar_copy = NULL;
    const char *follow = NULL;
    int at = 1;
    for (; at < argc - 1; at++) {
        if (strcmp(argv[at], "--allow-devices") == 0)
            options.allow_devices = 1;
        else if (strcmp(argv[at], "--layer") == 0)
            options.layer = 1;
        else if (strcmp(argv[at], "--tar-copy") == 0 && at + 1 < argc - 1)
            tar_copy = argv[++at];
        else if (strcmp(argv[at], "--follow") == 0 && at + 1 < argc - 1)
            follow = argv[++at];
        else
            return usage();
    }
    if (at != argc - 1 || ((tar_copy != NULL || follow != NULL) && !options.layer))
        return usage();
    int input = STDIN_FILENO;
    if (follow != NULL) {
        if ((input = open(follow, O_RDONLY | O_CLOEXEC)) < 0) {
            fprintf(stderr, "cannot open %s: %s\n", follow, strerror(errno));
            return MR_ARCHIVE_FAILED;
        }
        options.more_fd = STDIN_FILENO;
    }
    if (tar_copy != NULL && (options.tar_copy_fd = open(tar_copy, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
        fprintf(stderr, "cannot create %s: %s\n", tar_copy, strerror(errno));
        return MR_ARCHIVE_FAILED;
    }
    struct mr_unpack_result result;
    char error[1024];
    int status = mr_unpack_extract(input, argv[at], &options, &result, error, sizeof error);
    if (status == MR_ARCHIVE_OK && options.tar_copy_fd >= 0 && close(options.tar_copy_fd) != 0) {
        snprintf(error, sizeof error, "writing %s: %s", tar_copy, strerror(errno));
        status = MR_ARCHIVE_FAILED;
    }
    if (status != MR_ARCHIVE_OK) {
        fprintf(stderr, "%s\n", error);
        return status;
    }
    if (options.layer)
        printf("%s %s %" PRIu64 "\n", result.sha256_hex, result.diff_id_hex, result.unpacked_bytes);
    else
        printf("%s %" PRIu64 "\n", result.sha256_hex, result.unpacked_bytes);
    return fflush(stdout) == 0 ? MR_ARCHIVE_OK : MR_ARCHIVE_FAILED;
}
