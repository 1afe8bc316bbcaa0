/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "portside-byte-format.h"
#include "portside-widget-util.h"

GtkWidget *
portside_info_row_new (const char *title,
                       const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title ? title : "");
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

/* Short values sit at the end of the row; long ones (fingerprints, names)
 * go under the title, where a narrow pane still gives them the full width. */
GtkWidget *
portside_value_row_new (const char *title,
                        const char *value)
{
  GtkWidget *row;
  GtkWidget *label;

  if (value != NULL && g_utf8_strlen (value, -1) > 24)
    {
      row = portside_info_row_new (title, value);
      gtk_widget_add_css_class (row, "long-value");
      return row;
    }
  row = portside_info_row_new (title, NULL);
  label = gtk_label_new (value ? value : "—");
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "monospace");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

void
portside_list_box_clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkTextTag *
dim_tag (GtkTextBuffer *buffer)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GtkTextTag *tag = gtk_text_tag_table_lookup (table, "glyph");

  if (tag == NULL)
    tag = gtk_text_buffer_create_tag (buffer, "glyph", "foreground-rgba", &(GdkRGBA) { 0.5, 0.5, 0.5, 1 }, NULL);
  return tag;
}

/* Received bytes wrapped at the view's edge must not gain hyphens that are
 * not in them: Pango adds one where it breaks inside a word. */
void
portside_text_buffer_forbid_hyphens (GtkTextBuffer *buffer)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GtkTextTag *tag = gtk_text_tag_table_lookup (table, "exact");
  GtkTextIter start, end;

  if (tag == NULL)
    tag = gtk_text_buffer_create_tag (buffer, "exact", "insert-hyphens", FALSE, NULL);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
}

/* Dim ranges come in order, so character offsets are counted in one pass. */
void
portside_text_view_set_visible (GtkTextView  *view,
                                const guint8 *data,
                                gsize         length)
{
  g_autoptr(PortsideVisible) visible = portside_visible_new (data, length, TRUE);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextTag *tag = dim_tag (buffer);
  const char *text = visible->text->str;
  guint32 byte_pos = 0;
  glong char_pos = 0;

  gtk_text_buffer_set_text (buffer, text, visible->text->len);
  portside_text_buffer_forbid_hyphens (buffer);
  for (guint i = 0; i + 1 < visible->dims->len; i += 2)
    {
      guint32 from = g_array_index (visible->dims, guint32, i);
      guint32 to = g_array_index (visible->dims, guint32, i + 1);
      GtkTextIter start, end;

      char_pos += g_utf8_strlen (text + byte_pos, from - byte_pos);
      gtk_text_buffer_get_iter_at_offset (buffer, &start, char_pos);
      char_pos += g_utf8_strlen (text + from, to - from);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, char_pos);
      byte_pos = to;
      gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
    }
}

/* GTK 4.8 only disposes the template children that are bound to fields;
 * the unbound top-level child of a template must be unparented here. */
void
portside_widget_dispose_template (GtkWidget *widget,
                                  GType      type)
{
  GtkWidget *child;

  gtk_widget_dispose_template (widget, type);
  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

/* gtk_widget_get_color() only exists from GTK 4.10, which deprecates the
 * style context that 4.8 has to use. */
void
portside_widget_get_foreground (GtkWidget *widget,
                                GdkRGBA   *color)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, color);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
#endif
}

void
portside_snapshot_append_layout_at (GtkSnapshot   *snapshot,
                                    PangoLayout   *layout,
                                    float          x,
                                    float          y,
                                    const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

typedef struct
{
  PortsideSaveFunc func;
  gpointer         data;
  GDestroyNotify   destroy;
} SaveRequest;

static void
save_request_finish (SaveRequest *request,
                     GFile       *file)
{
  if (file != NULL)
    request->func (file, request->data);
  if (request->destroy != NULL)
    request->destroy (request->data);
  g_free (request);
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
save_dialog_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GFile) file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, NULL);

  save_request_finish (user_data, file);
}
#else
static void
save_native_cb (GtkNativeDialog *dialog,
                int              response,
                SaveRequest     *request)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  save_request_finish (request, file);
  g_object_unref (dialog);
}
#endif

void
portside_choose_save_file (GtkWidget        *widget,
                           const char       *title,
                           const char       *name,
                           PortsideSaveFunc  func,
                           gpointer          data,
                           GDestroyNotify    destroy)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (widget));
  SaveRequest *request = g_new0 (SaveRequest, 1);

  *request = (SaveRequest) { func, data, destroy };
#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

    gtk_file_dialog_set_title (dialog, title);
    gtk_file_dialog_set_initial_name (dialog, name);
    gtk_file_dialog_save (dialog, parent, NULL, save_dialog_cb, request);
  }
#else
  {
    GtkFileChooserNative *dialog = gtk_file_chooser_native_new (title, parent,
                                                                GTK_FILE_CHOOSER_ACTION_SAVE,
                                                                _("_Save"), NULL);

    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
    g_signal_connect (dialog, "response", G_CALLBACK (save_native_cb), request);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
  }
#endif
}

#define LAZY_TOOLTIP_KEY "portside-lazy-tooltip"

static gboolean
lazy_tooltip_cb (GtkWidget  *widget,
                 int         x,
                 int         y,
                 gboolean    keyboard,
                 GtkTooltip *tooltip,
                 gpointer    data)
{
  const char *text = portside_widget_get_lazy_tooltip (widget);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

const char *
portside_widget_get_lazy_tooltip (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  return g_object_get_data (G_OBJECT (widget), LAZY_TOOLTIP_KEY);
}

void
portside_widget_set_lazy_tooltip (GtkWidget  *widget,
                                  const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (g_strcmp0 (text, portside_widget_get_lazy_tooltip (widget)) == 0)
    return;
  if (!g_signal_handler_find (widget, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, lazy_tooltip_cb, NULL))
    g_signal_connect (widget, "query-tooltip", G_CALLBACK (lazy_tooltip_cb), NULL);
  g_object_set_data_full (G_OBJECT (widget), LAZY_TOOLTIP_KEY, g_strdup (text), g_free);
  gtk_widget_set_has_tooltip (widget, text != NULL);
}
