/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TLS client on top of a connected, non-blocking GSocket, with OpenSSL used
 * directly so that every detail can be shown: each handshake message, each
 * record on the wire, the whole peer chain and the precise verification
 * result. Verification is on unless the caller explicitly turns it off.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  const char *server_name;   /* SNI and the name checked (host name or IP literal) */
  const char *ca_file;       /* extra trust anchors (PEM); NULL = system store only */
  gboolean    insecure;      /* -k: complete the handshake whatever verification says */
  gboolean    capture_wire;  /* report every record's ciphertext through on_record */
} PortsideTlsOptions;

typedef struct
{
  guint    depth;            /* 0 = the server's own certificate */
  char    *subject;          /* one-line RFC 2253 form */
  char    *issuer;
  char   **sans;             /* "DNS:example.com", "IP:127.0.0.1" */
  char    *not_before;       /* ISO 8601 UTC */
  char    *not_after;
  gboolean expired;
  gboolean not_yet_valid;
  char    *key_type;         /* "RSA", "EC (prime256v1)", "ED25519" */
  guint    key_bits;
  char    *signature_algorithm;
  char    *sha256;           /* AB:CD:… */
  char    *serial;
  gboolean self_signed;
  char    *pem;
} PortsideCertInfo;

typedef struct
{
  char      *version;        /* "TLSv1.3" */
  char      *cipher;
  char      *group;          /* key-exchange group, "X25519" */
  char      *alpn;           /* NULL when the server chose none */
  gboolean   verified;       /* the chain and name checked out */
  int        verify_code;    /* X509_V_OK or the first X509_V_ERR_* */
  char      *verify_reason;  /* plain sentence, NULL when verified */
  gboolean   insecure;       /* verification was switched off by the user */
  GPtrArray *chain;          /* PortsideCertInfo*, depth order */
} PortsideTlsInfo;

typedef struct
{
  /* A handshake or alert message, as SSL_set_msg_callback sees it. */
  void (*on_message) (gpointer user_data, gboolean sent, const char *content_type,
                      const char *name, gsize length);
  /* Raw bytes on the wire (ciphertext), only when capture_wire is set. */
  void (*on_record)  (gpointer user_data, gboolean sent, const guint8 *data, gsize length);
} PortsideTlsObserver;

typedef struct _PortsideTls PortsideTls;

PortsideTls     *portside_tls_new         (const PortsideTlsOptions  *options,
                                           const PortsideTlsObserver *observer,
                                           gpointer                   user_data,
                                           GError                   **error);
void             portside_tls_free        (PortsideTls *tls);
/* deadline is a g_get_monotonic_time() value or 0 for none. On a failed
 * verification the chain is still available through get_info(). */
gboolean         portside_tls_handshake   (PortsideTls  *tls,
                                           GSocket      *socket,
                                           gint64        deadline,
                                           GCancellable *cancellable,
                                           GError      **error);
/* 0 means the peer closed; *truncated tells whether it did so without close_notify. */
gssize           portside_tls_read        (PortsideTls  *tls,
                                           guint8       *buffer,
                                           gsize         size,
                                           gboolean     *truncated,
                                           gint64        deadline,
                                           GCancellable *cancellable,
                                           GError      **error);
gboolean         portside_tls_write_all   (PortsideTls  *tls,
                                           const guint8 *data,
                                           gsize         length,
                                           gint64        deadline,
                                           GCancellable *cancellable,
                                           GError      **error);
void             portside_tls_close       (PortsideTls *tls);
const PortsideTlsInfo *portside_tls_get_info (PortsideTls *tls);

PortsideCertInfo *portside_cert_info_copy (const PortsideCertInfo *info);
void              portside_cert_info_free (PortsideCertInfo *info);
PortsideTlsInfo  *portside_tls_info_copy  (const PortsideTlsInfo *info);
void              portside_tls_info_free  (PortsideTlsInfo *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortsideTls, portside_tls_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PortsideTlsInfo, portside_tls_info_free)

G_END_DECLS
