/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The floor for the download benchmark: one GET, then recv() into one
 * buffer until the server closes, nothing else. Portside's figures are
 * compared with curl's and with this, in the same run.
 *
 * usage: bare-recv PORT PATH [READ_SIZE]   (127.0.0.1 only; default 262144)
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int
main (int argc, char **argv)
{
  struct sockaddr_in address = { .sin_family = AF_INET };
  size_t size = argc > 3 ? strtoul (argv[3], NULL, 10) : 262144;
  char request[512], *buffer;
  long long total = 0;
  ssize_t n;
  int fd, length;

  if (argc < 3 || size == 0)
    return 2;
  address.sin_port = htons (atoi (argv[1]));
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  fd = socket (AF_INET, SOCK_STREAM, 0);
  if (fd < 0 || connect (fd, (struct sockaddr *) &address, sizeof address) != 0)
    return 1;
  length = snprintf (request, sizeof request,
                     "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", argv[2]);
  if (write (fd, request, length) != length)
    return 1;
  buffer = malloc (size);
  while ((n = recv (fd, buffer, size, 0)) > 0)
    total += n;
  free (buffer);
  close (fd);
  return total > 0 ? 0 : 1;
}
