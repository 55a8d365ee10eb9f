package io.fleetglance.common.derive;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What {@code GET /api/4/help} answers: Glances' help {@code view_data}, the 58 lines of its help screen keyed as
 * Glances keys them, formatted as Glances formats them in web server mode (the keys that only work in the terminal
 * are empty strings).
 */
public final class HelpData {

    private HelpData() {
    }

    /**
     * The help view data.
     *
     * @param psutilVersion     what stands for psutil's version ({@code " with <psutilVersion>"} follows the Glances
     *                          version, as {@code " with psutil 5.9.4"} does in Glances)
     * @param configurationFile where the configuration came from
     */
    public static ObjectNode viewData(String psutilVersion, String configurationFile) {
        ObjectNode view = JsonNodeFactory.instance.objectNode();
        view.put("version", "Glances " + HostDeriver.GLANCES_VERSION);
        view.put("psutil_version", " with " + psutilVersion);
        view.put("configuration_file", "Configuration file: " + configurationFile);
        header(view, "header_sort", "SORT PROCESSES:");
        key(view, "sort_auto", "a", "Automatically");
        key(view, "sort_cpu", "c", "CPU%");
        key(view, "sort_io_rate", "i", "I/O rate");
        key(view, "sort_cpu_num", "o", "CPU core number");
        key(view, "sort_mem", "m", "MEM%");
        key(view, "sort_process_name", "p", "Process name");
        key(view, "sort_cpu_times", "t", "TIME");
        key(view, "sort_user", "u", "USER");
        header(view, "header_show_hide", "SHOW/HIDE SECTION:");
        key(view, "show_hide_application_monitoring", "A", "Application monitoring");
        key(view, "show_hide_diskio", "d", "Disk I/O");
        key(view, "show_hide_docker", "D", "Docker");
        key(view, "show_hide_top_extended_stats", "e", "Top extended stats");
        key(view, "show_hide_filesystem", "f", "Filesystem");
        key(view, "show_hide_gpu", "G", "GPU");
        key(view, "show_hide_ip", "I", "IP");
        key(view, "show_hide_tcp_connection", "K", "TCP");
        key(view, "show_hide_alert", "l", "Alert logs");
        key(view, "show_hide_network", "n", "Network");
        key(view, "show_hide_current_time", "N", "Time");
        key(view, "show_hide_irq", "Q", "IRQ");
        key(view, "show_hide_raid_plugin", "R", "RAID");
        key(view, "show_hide_sensors", "s", "Sensors");
        key(view, "show_hide_wifi_module", "W", "Wifi");
        key(view, "show_hide_processes", "z", "Processes");
        key(view, "show_hide_left_sidebar", "2", "Left sidebar");
        key(view, "show_hide_quick_look", "3", "Quick Look");
        key(view, "show_hide_cpu_mem_swap", "4", "CPU, MEM, and SWAP");
        key(view, "show_hide_all", "5", "ALL");
        header(view, "header_toggle", "TOGGLE DATA TYPE:");
        key(view, "toggle_bits_bytes", "b", "Network I/O, bits/bytes");
        key(view, "toggle_count_rate", "B", "Disk I/O, count/rate");
        key(view, "toggle_used_free", "F", "Filesystem space, used/free");
        key(view, "toggle_bar_sparkline", "S", "Quick Look, bar/sparkline");
        key(view, "toggle_separate_combined", "T", "Network I/O, separate/combined");
        key(view, "toggle_live_cumulative", "U", "Network I/O, live/cumulative");
        key(view, "toggle_linux_percentage", "0", "Load, Linux/percentage");
        key(view, "toggle_cpu_individual_combined", "1", "CPU, individual/combined");
        key(view, "toggle_gpu_individual_combined", "6", "GPU, individual/combined");
        key(view, "toggle_short_full", "S", "Process names, short/full");
        header(view, "header_miscellaneous", "MISCELLANEOUS:");
        view.put("misc_erase_process_filter", "");
        view.put("misc_generate_history_graphs", "");
        key(view, "misc_help", "h", "HELP");
        view.put("misc_accumulate_processes_by_program", "");
        key(view, "misc_increase_nice_process", "+", "Increase nice process");
        key(view, "misc_decrease_nice_process", "-", "Decrease nice process (need admin rights)");
        view.put("misc_kill_process", "");
        view.put("misc_reset_processes_summary_min_max", "");
        view.put("misc_quit", "");
        key(view, "misc_reset_history", "r", "Reset history");
        key(view, "misc_delete_warning_alerts", "w", "Delete warning alerts");
        key(view, "misc_delete_warning_and_critical_alerts", "x", "Delete warning & critical alerts");
        view.put("misc_edit_process_filter_pattern", "");
        return view;
    }

    /** Glances' {@code '{0:39}'.format(title)}. */
    private static void header(ObjectNode view, String name, String title) {
        view.put(name, String.format("%-39s", title));
    }

    /** Glances' {@code '  {0:1}  {1:34}'.format(key, text)}: padded, never cut. */
    private static void key(ObjectNode view, String name, String key, String text) {
        view.put(name, String.format("  %-1s  %-34s", key, text));
    }
}
