/*
 * minirun-unpack: extracts one image tarball for minirun.
 *
 *   minirun-unpack [--allow-devices] DEST_DIR      (the tarball on standard input)
 *
 * On success it prints "<sha256 of the input> <bytes of file data written>" and exits 0; otherwise it
 * prints one line on stderr and exits with the mr_archive_status (1 refused, 2 not a tarball, 3 a system
 * error). A program of its own because it links libarchive, which the static minirun cannot load
 * (see extract.c).
 */
#include "extract.h"
#include "mr_archive.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int allow_devices = argc == 3 && strcmp(argv[1], "--allow-devices") == 0;
    if (argc != 2 + allow_devices) {
        fprintf(stderr, "usage: minirun-unpack [--allow-devices] DEST_DIR < TARBALL\n");
        return MR_ARCHIVE_FAILED;
    }
    char digest[65], error[1024];
    uint64_t unpacked = 0;
    int status = mr_unpack_extract(STDIN_FILENO, argv[argc - 1], allow_devices, digest, &unpacked, error,
                                   sizeof error);
    if (status != MR_ARCHIVE_OK) {
        fprintf(stderr, "%s\n", error);
        return status;
    }
    printf("%s %" PRIu64 "\n", digest, unpacked);
    return fflush(stdout) == 0 ? MR_ARCHIVE_OK : MR_ARCHIVE_FAILED;
}
