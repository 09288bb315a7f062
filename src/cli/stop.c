/* How SIGINT and SIGTERM stop a watch: a flag the library reads between stages, a pipe the
 * watch loop polls, and a last resort for a render that does not come back. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

/* A render stuck in a system call (a font on a dead network share) never reaches the next
 * stage: this long after the request the process ends anyway. No file is being written then
 * (the library looks at the flag just before writing), so nothing is left half-done. */
#define STOP_GRACE_SECONDS 2

/* int, as vb_render_options.cancel reads it; sig_atomic_t is int on Linux. */
static volatile sig_atomic_t stop_flag;
static int stop_pipe[2] = {-1, -1};

static void on_stop_signal(int sig)
{
    (void)sig; /* sigaction's interface; both signals mean the same */
    int saved_errno = errno;
    stop_flag = 1;
    /* A full pipe already holds a wake-up, which is all this byte is. */
    ssize_t written = write(stop_pipe[1], "", 1);
    (void)written;
    alarm(STOP_GRACE_SECONDS);
    errno = saved_errno;
}

static void on_stop_overdue(int sig)
{
    (void)sig; /* sigaction's interface */
    static const char said[] = "vanban: bản dựng không dừng kịp (tệp đọc bị treo?); thoát ngay "
                               "/ the render did not stop, exiting now\n";
    ssize_t written = write(STDERR_FILENO, said, sizeof said - 1);
    (void)written; /* nothing more to do if stderr is gone */
    _exit(VB_OK);
}

int stop_signals_install(void)
{
    if (pipe2(stop_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return -1;
    /* No SA_RESTART: a read or an open that waits (a pipe, a hung share) is interrupted, so
     * that the render fails at once and the flag is seen. */
    struct sigaction stop = {.sa_handler = on_stop_signal}, overdue = {.sa_handler =
                                                                           on_stop_overdue};
    sigemptyset(&stop.sa_mask);
    sigemptyset(&overdue.sa_mask);
    if (sigaction(SIGINT, &stop, NULL) != 0 || sigaction(SIGTERM, &stop, NULL) != 0 ||
        sigaction(SIGALRM, &overdue, NULL) != 0)
        return -1;
    return stop_pipe[0];
}

const volatile int *stop_request(void)
{
    return &stop_flag;
}

bool stop_requested(void)
{
    return stop_flag != 0;
}

void stop_signals_remove(void)
{
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    alarm(0);
    signal(SIGALRM, SIG_DFL);
    for (int i = 0; i < 2; i++)
        if (stop_pipe[i] >= 0)
            close(stop_pipe[i]);
    stop_pipe[0] = stop_pipe[1] = -1;
}
