/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "portside-exchange.h"
#include "portside-request.h"

PortsideExchangeOptions *
portside_exchange_options_new (void)
{
  PortsideExchangeOptions *options = g_new0 (PortsideExchangeOptions, 1);

  options->recv_size = PORTSIDE_DEFAULT_RECV_SIZE;
  return options;
}

PortsideExchangeOptions *
portside_exchange_options_copy (const PortsideExchangeOptions *options)
{
  PortsideExchangeOptions *copy = g_new0 (PortsideExchangeOptions, 1);

  *copy = *options;
  copy->url = g_strdup (options->url);
  copy->method = g_strdup (options->method);
  copy->headers = g_strdupv (options->headers);
  copy->body = options->body != NULL ? g_bytes_ref (options->body) : NULL;
  copy->raw_request = options->raw_request != NULL ? g_bytes_ref (options->raw_request) : NULL;
  copy->ca_file = g_strdup (options->ca_file);
  copy->resolve = g_strdupv (options->resolve);
  return copy;
}

void
portside_exchange_options_free (PortsideExchangeOptions *options)
{
  if (options == NULL)
    return;
  g_free (options->url);
  g_free (options->method);
  g_strfreev (options->headers);
  g_clear_pointer (&options->body, g_bytes_unref);
  g_clear_pointer (&options->raw_request, g_bytes_unref);
  g_free (options->ca_file);
  g_strfreev (options->resolve);
  g_free (options);
}

const char *
portside_exchange_options_get_method (const PortsideExchangeOptions *options)
{
  if (options->method != NULL)
    return options->method;
  return options->body != NULL ? "POST" : "GET";
}

GBytes *
portside_exchange_options_make_request (const PortsideExchangeOptions *options,
                                        const PortsideUrl             *url,
                                        GError                       **error)
{
  if (options->raw_request != NULL)
    return g_bytes_ref (options->raw_request);
  return portside_request_build (url, portside_exchange_options_get_method (options),
                                 (const char *const *) options->headers, options->body, error);
}
