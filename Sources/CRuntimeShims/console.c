/* The pty master handed to whoever gave an OCI runtime its --console-socket. */
#include "mr_console.h"
#include "fd_passing.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int mr_console_send(const char *path, int fd)
{
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof address.sun_path)
        return -ENAMETOOLONG;
    strcpy(address.sun_path, path);
    int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (sock < 0)
        return -errno;
    if (connect(sock, (struct sockaddr *)&address, sizeof address) != 0) {
        int saved = errno;
        close(sock);
        return -saved;
    }
    /* runc sends the pty's name with it; callers read only the descriptor. */
    static const char name[] = "/dev/ptmx";
    int status = mr_send_fd(sock, fd, name, sizeof name - 1);
    close(sock);
    return status;
}
