/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>

#include "portside-body-view.h"
#include "portside-byte-format.h"
#include "portside-hex-view.h"
#include "portside-stream-pane.h"
#include "portside-stream-row.h"
#include "portside-widget-util.h"

struct _PortsideStreamPane
{
  GtkWidget           parent_instance;
  GtkLabel           *summary_label;
  GtkMenuButton      *legend_button;
  GtkPaned           *paned;
  GtkStack           *list_stack;
  GtkLabel           *empty_label;
  GtkScrolledWindow  *scroller;
  GtkGridView        *list_view;
  GtkSingleSelection *selection;
  GtkStack           *tabs;
  GtkStackPage       *problems_page;
  GtkLabel           *status_label;
  GtkNoSelection     *headers_selection;
  PortsideBodyView   *body_view;
  PortsideHexView    *hex_view;
  GtkListBox         *problems_list;

  PortsideSession    *session;
  gboolean            following;   /* keep the newest read in view */
  gint64              last_follow; /* monotonic µs of the last scroll to the end */
  guint               follow_id;   /* a pending scroll to the end */
  guint               shown_problems;
};

G_DEFINE_FINAL_TYPE (PortsideStreamPane, portside_stream_pane, GTK_TYPE_WIDGET)

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item)
{
  gtk_list_item_set_child (item, portside_stream_row_new ());
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item)
{
  portside_stream_row_set_read (PORTSIDE_STREAM_ROW (gtk_list_item_get_child (item)),
                                gtk_list_item_get_item (item));
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item)
{
  portside_stream_row_set_read (PORTSIDE_STREAM_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
update_summary (PortsideStreamPane *self)
{
  PortsideReadModel *reads = portside_session_get_reads (self->session);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (reads));
  g_autofree char *size = g_format_size_full (portside_read_model_get_bytes_read (reads), G_FORMAT_SIZE_IEC_UNITS);
  g_autoptr(GString) text = g_string_new (NULL);
  guint chunks = portside_session_get_n_chunks (self->session);

  g_string_printf (text, g_dngettext (NULL, "%u read", "%u reads", n), n);
  g_string_append_printf (text, " · %s", size);
  if (portside_session_get_framing (self->session) == PORTSIDE_FRAMING_CHUNKED)
    g_string_append_printf (text, g_dngettext (NULL, " · chunked, %u chunk", " · chunked, %u chunks", chunks), chunks);
  gtk_label_set_text (self->summary_label, text->str);
}

/* Following a fast stream rebinds every visible row on each scroll; ten
 * scrolls a second look just as live and leave the frames their time. */
#define FOLLOW_INTERVAL_US (100 * 1000)

static void
scroll_to_end (PortsideStreamPane *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));

  self->last_follow = g_get_monotonic_time ();
  if (self->following && n > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", n - 1);
}

static gboolean
follow_timeout_cb (gpointer data)
{
  PortsideStreamPane *self = data;

  self->follow_id = 0;
  scroll_to_end (self);
  return G_SOURCE_REMOVE;
}

static void
reads_changed_cb (PortsideStreamPane *self,
                  guint               position,
                  guint               removed,
                  guint               added,
                  GListModel         *reads)
{
  gint64 wait = self->last_follow + FOLLOW_INTERVAL_US - g_get_monotonic_time ();

  gtk_stack_set_visible_child_name (self->list_stack, g_list_model_get_n_items (reads) > 0 ? "list" : "empty");
  update_summary (self);
  if (!self->following || self->follow_id != 0)
    return;
  if (wait <= 0)
    scroll_to_end (self);
  else
    self->follow_id = g_timeout_add (wait / 1000 + 1, follow_timeout_cb, self);
}

static void
scrolled_cb (PortsideStreamPane *self,
             GtkAdjustment      *adjustment)
{
  double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  /* Scrolling up stops following the stream; back at the end resumes it. */
  self->following = gtk_adjustment_get_value (adjustment) >= bottom - 4;
}

static void
selected_cb (PortsideStreamPane *self)
{
  PortsideReadRow *read = gtk_single_selection_get_selected_item (self->selection);

  portside_hex_view_set_read (self->hex_view, read);
  if (read != NULL)
    gtk_stack_set_visible_child_name (self->tabs, "hex");
}

static void
add_problem (PortsideStreamPane *self,
             const char         *icon,
             const char         *text)
{
  GtkWidget *row = portside_info_row_new (text, NULL);

  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon));
  gtk_list_box_append (self->problems_list, row);
}

static void
update_problems (PortsideStreamPane *self)
{
  GPtrArray *violations = portside_session_get_violations (self->session);
  GPtrArray *warnings = portside_session_get_warnings (self->session);
  g_autofree char *title = NULL;
  guint n = violations->len + warnings->len;

  if (n == self->shown_problems)
    return;
  portside_list_box_clear (self->problems_list);
  for (guint i = 0; i < violations->len; i++)
    add_problem (self, "dialog-error-symbolic", g_ptr_array_index (violations, i));
  for (guint i = 0; i < warnings->len; i++)
    add_problem (self, "dialog-warning-symbolic", g_ptr_array_index (warnings, i));
  self->shown_problems = n;
  title = n ? g_strdup_printf (_("Problems (%u)"), n) : g_strdup (_("Problems"));
  gtk_stack_page_set_title (self->problems_page, title);
  gtk_stack_page_set_needs_attention (self->problems_page, n > 0);
}

/* An exchange that failed before the response says so, instead of the
 * invitation to start one. */
static void
update_empty_text (PortsideStreamPane *self)
{
  PortsideSessionState state = self->session ? portside_session_get_state (self->session) : PORTSIDE_SESSION_READY;
  gboolean stopped = state == PORTSIDE_SESSION_FAILED || state == PORTSIDE_SESSION_CANCELLED;

  gtk_label_set_text (self->empty_label,
                      stopped ? _("Nothing was received: the exchange stopped before the response.")
                              : _("Every read of the response appears here as it arrives: one row per recv(), "
                                  "because one recv() is not one message. No server at hand? Start the lab "
                                  "server from the main menu."));
}

static void
session_changed_cb (PortsideStreamPane *self,
                    guint               changes)
{
  const char *status;

  if (changes & PORTSIDE_SESSION_CHANGED_STATE)
    update_empty_text (self);
  if ((changes & PORTSIDE_SESSION_CHANGED_RESPONSE) == 0)
    return;
  status = portside_session_get_status_line (self->session);
  gtk_label_set_text (self->status_label, status ? status : "");
  update_problems (self);
  update_summary (self);
}

static void
reset (PortsideStreamPane *self)
{
  portside_list_box_clear (self->problems_list);
  self->shown_problems = 0;
  gtk_stack_page_set_title (self->problems_page, _("Problems"));
  gtk_stack_page_set_needs_attention (self->problems_page, FALSE);
  gtk_label_set_text (self->status_label, "");
  gtk_label_set_text (self->summary_label, "");
  gtk_stack_set_visible_child_name (self->list_stack, "empty");
  update_empty_text (self);
  portside_hex_view_set_read (self->hex_view, NULL);
  g_clear_handle_id (&self->follow_id, g_source_remove);
  self->following = TRUE;
}

void
portside_stream_pane_set_session (PortsideStreamPane *self,
                                  PortsideSession    *session)
{
  GListModel *reads;

  g_return_if_fail (PORTSIDE_IS_STREAM_PANE (self));
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (portside_session_get_reads (self->session), self);
    }
  g_set_object (&self->session, session);
  reset (self);
  /* Detaching the old models first: the views drop their rows at once. */
  gtk_single_selection_set_model (self->selection, NULL);
  gtk_no_selection_set_model (self->headers_selection, session ? portside_session_get_headers (session) : NULL);
  portside_body_view_set_session (self->body_view, session);
  if (session == NULL)
    return;
  reads = G_LIST_MODEL (portside_session_get_reads (session));
  gtk_single_selection_set_model (self->selection, reads);
  g_signal_connect_object (reads, "items-changed", G_CALLBACK (reads_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "changed", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
  reads_changed_cb (self, 0, 0, 0, reads);
  session_changed_cb (self, PORTSIDE_SESSION_CHANGED_RESPONSE);
  gtk_stack_set_visible_child_name (self->tabs, "headers");
}

static GtkWidget *
legend_swatch (PortsideSpanKind kind)
{
  const char *label = portside_span_kind_get_label (kind);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  GtkWidget *swatch = gtk_label_new (label);

  portside_span_kind_add_attrs (attrs, kind, 0, strlen (label));
  gtk_label_set_attributes (GTK_LABEL (swatch), attrs);
  gtk_label_set_xalign (GTK_LABEL (swatch), 0);
  gtk_widget_set_valign (swatch, GTK_ALIGN_START);
  gtk_widget_add_css_class (swatch, "monospace");
  return swatch;
}

static GtkWidget *
build_legend (void)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  for (guint i = 0; i < PORTSIDE_N_SPANS; i++)
    {
      GtkWidget *explain = gtk_label_new (portside_span_kind_explain (i));

      gtk_label_set_wrap (GTK_LABEL (explain), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (explain), 48);
      gtk_label_set_xalign (GTK_LABEL (explain), 0);
      gtk_grid_attach (GTK_GRID (grid), legend_swatch (i), 0, i, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), explain, 1, i, 1, 1);
    }
  gtk_widget_set_margin_start (grid, 6);
  gtk_widget_set_margin_end (grid, 6);
  gtk_widget_set_margin_top (grid, 6);
  gtk_widget_set_margin_bottom (grid, 6);
  return grid;
}

/* The legend is built when first opened: two dozen wrapped labels that
 * most sessions never look at are no reason to wait at start-up. */
static void
create_legend (GtkMenuButton *button,
               gpointer       user_data)
{
  GtkWidget *popover = gtk_popover_new ();

  gtk_popover_set_child (GTK_POPOVER (popover), build_legend ());
  gtk_menu_button_set_popover (button, popover);
  gtk_menu_button_set_create_popup_func (button, NULL, NULL, NULL);
}

void
portside_stream_pane_bind_settings (PortsideStreamPane *self,
                                    GSettings          *settings)
{
  g_return_if_fail (PORTSIDE_IS_STREAM_PANE (self));
  g_settings_bind (settings, "stream-list-height", self->paned, "position", G_SETTINGS_BIND_DEFAULT);
}

void
portside_stream_pane_show_tab (PortsideStreamPane *self,
                               const char         *name)
{
  g_return_if_fail (PORTSIDE_IS_STREAM_PANE (self));
  gtk_stack_set_visible_child_name (self->tabs, name);
}

GtkWidget *
portside_stream_pane_get_list_view (PortsideStreamPane *self)
{
  g_return_val_if_fail (PORTSIDE_IS_STREAM_PANE (self), NULL);
  return GTK_WIDGET (self->list_view);
}

GtkWidget *
portside_stream_pane_get_body_view (PortsideStreamPane *self)
{
  g_return_val_if_fail (PORTSIDE_IS_STREAM_PANE (self), NULL);
  return GTK_WIDGET (self->body_view);
}

GtkWidget *
portside_stream_pane_get_hex_view (PortsideStreamPane *self)
{
  g_return_val_if_fail (PORTSIDE_IS_STREAM_PANE (self), NULL);
  return GTK_WIDGET (self->hex_view);
}

static void
portside_stream_pane_dispose (GObject *object)
{
  PortsideStreamPane *self = PORTSIDE_STREAM_PANE (object);

  if (self->session != NULL)
    portside_stream_pane_set_session (self, NULL);
  g_clear_handle_id (&self->follow_id, g_source_remove);
  portside_widget_dispose_template (GTK_WIDGET (self), PORTSIDE_TYPE_STREAM_PANE);
  G_OBJECT_CLASS (portside_stream_pane_parent_class)->dispose (object);
}

static void
portside_stream_pane_class_init (PortsideStreamPaneClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = portside_stream_pane_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/portside/Portside/portside-stream-pane.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_bind_template_child (widget_class, PortsideStreamPane, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PortsideStreamPane, legend_button);
  gtk_widget_class_bind_template_child (widget_class, PortsideStreamPane, paned);
  gtk_widget_class_bind_template_child (widget_class, PortsideStreamPane, list_stack);
  gtk_widget_class_bind_template_child (widget_class, PortsideStreamPane, empty_label);
  gtk_widget_class_bind_template_child (widget_class, PortsideStreamPane, scroller);
  gtk_widget_class_bind_template_child (widget_class, PortsideStreamPane, list_view);
  gtk_widget_class_bind_template_child (widget_class, PortsideStreamPane, selection);
  gtk_widget_class_bind_template_child (widget_class, PortsideStreamPane, tabs);
  gtk_widget_class_bind_template_child (widget_class, PortsideStreamPane, problems_page);
  gtk_widget_class_bind_template_child (widget_class, PortsideStreamPane, status_label);
  gtk_widget_class_bind_template_child (widget_class, PortsideStreamPane, headers_selection);
  gtk_widget_class_bind_template_child (widget_class, PortsideStreamPane, body_view);
  gtk_widget_class_bind_template_child (widget_class, PortsideStreamPane, hex_view);
  gtk_widget_class_bind_template_child (widget_class, PortsideStreamPane, problems_list);
  gtk_widget_class_bind_template_callback (widget_class, selected_cb);
}

static void
portside_stream_pane_init (PortsideStreamPane *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_grid_view_set_factory (self->list_view, factory);
  gtk_menu_button_set_create_popup_func (self->legend_button, create_legend, NULL, NULL);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scroller), "value-changed",
                           G_CALLBACK (scrolled_cb), self, G_CONNECT_SWAPPED);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Response stream"), -1);
  self->following = TRUE;
}
