package org.kabambe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.kabambe.api.ApiTokens;
import org.kabambe.api.Role;
import org.kabambe.testing.TestDatabases;
import org.kabambe.testing.MutableClock;
import org.kabambe.testing.Eventually;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium}, which {@code .ci/run} installs): after a
 * scripted demo load over USSD it signs in with a viewer token, shows the vaccine survey's funnel and answers, and
 * completes the survey in the web simulator over {@code /ussd/generic}. The server's clock is the test's: the
 * load falls on three days, which the "Over time" chart must show.
 *
 * <p>Without a Chromium binary the test is skipped with the reason, unless {@code KABAMBE_BROWSER_TEST=required}
 * (which {@code .ci/run} exports once Chromium is installed) or {@code -Dkabambe.browser=required}: then a missing
 * browser fails the build instead of being skipped. The page is saved as
 * {@code target/dashboard.png} for a human look.
 */
@Tag("database")
class DashboardBrowserTest {
  @TempDir
  Path dir;

  @Test
  void dashboardShowsTheFunnelAndTheSimulatorCompletesTheSurvey() throws Exception {
    Path chromium = HeadlessChromium.binaryOrSkip();
    // The server's clock starts two days ago: the demo load spreads its participants over three days.
    var clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(2)));
    try (var server = KabambeServer.start(new ServeOptions("127.0.0.1", UssdServiceTest.freePort(),
        UssdClient.DEMO_FLOWS, TestDatabases.throwaway(), Optional.empty()), clock)) {
      String token = new ApiTokens(server.database(), Clock.systemUTC())
          .create(Role.VIEWER, "browser-test", Optional.empty(), "test").token();
      demoLoad(server.port(), clock);
      LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
      awaitFigures(server.port(), token);
      long broadcast = broadcastWithTwoArms(server);

      try (var page = HeadlessChromium.launch(chromium, dir.resolve("profile"), 1280, 1000)) {
        page.navigate("http://127.0.0.1:" + server.port() + "/");
        page.waitFor("the token prompt", "document.readyState === 'complete' && document.body.dataset.ready"
            + " && !document.getElementById('login').hidden", Duration.ofSeconds(30));
        page.type("#token", token);
        page.click("#login-form button");

        // Live counts, then the vaccine survey (picked by default) with its funnel drawn from the API.
        page.waitFor("the dashboard", "document.body.dataset.loaded === 'vaccine-confidence'", Duration.ofSeconds(30));
        page.waitFor("live counts", "document.querySelectorAll('#live-hour dd').length > 0", Duration.ofSeconds(10));
        assertTrue(page.truthy("document.getElementById('login').hidden"), "the token prompt is gone");
        assertEquals("5", page.eval("document.getElementById('funnel-chart').dataset.runs").toString(),
            "five runs started");
        assertTrue(page.truthy("document.querySelectorAll('#funnel-chart svg g.row').length >= 10"),
            "one funnel row per node");
        assertTrue(page.truthy("document.querySelectorAll('#funnel-chart svg path.arc').length >= 20"),
            "the flow graph's arcs are drawn");
        String consent = page.eval("document.querySelector('#funnel-chart svg g.row[data-name^=\"consent \"]')"
            + ".textContent").toString();
        assertTrue(consent.contains("5 reached (100%)"), "every run reached consent: " + consent);
        String age = page.eval("document.querySelector('#funnel-chart svg g.row[data-name^=\"age \"]')"
            + ".textContent").toString();
        assertTrue(age.contains("5 reached"), "five runs were asked their age: " + age);
        String thanks = page.eval("document.querySelector('#funnel-chart svg g.row[data-name^=\"thanks \"]')"
            + ".textContent").toString();
        assertTrue(thanks.contains("3 reached (60%)"), "three runs reached the end: " + thanks);
        assertTrue(page.text("#figure-cards").contains("participants"), "reach is shown");
        overTime(page, today);
        page.waitFor("the segments", "document.querySelectorAll('#segment-cards dd').length === 3", Duration.ofSeconds(10));
        // (All five completed the language choice the survey calls, so none "started but never completed".)
        assertTrue(page.text("#segment-cards").contains("started, never completed0"), page.text("#segment-cards"));
        assertTrue(page.text("#results-charts").contains("intent"), "answer distributions are shown");
        // A menu answer reads as its option's label (the flow's first language) beside the stored value.
        assertTrue(page.truthy("!!document.querySelector('#results-charts g.row[data-name=\"Health workers "
            + "(health_worker)\"]')"), page.text("#results-charts"));
        // A number answer (the three who answered the age said 34) is summarised, with its histogram in order.
        String ageStats = page.text("#results-charts dl.number-stats[data-question=age]");
        assertTrue(ageStats.contains("count3") && ageStats.contains("mean34") && ageStats.contains("median34")
            && ageStats.contains("min34") && ageStats.contains("max34"), ageStats);
        assertEquals("34 to under 35", page.eval("document.querySelector('#results-charts .histogram[data-question="
            + "age] g.row').dataset.name"));

        // Answers by a contact field: the survey saves age_group (18-plus for the three who said 34) after the age.
        page.waitFor("the contact fields among the splits", "[...document.querySelectorAll('#by option')]"
            + ".some(o => o.value === 'age_group')", Duration.ofSeconds(10));
        filter(page, "by", "age_group");
        page.waitFor("intent by age group", "[...document.querySelectorAll('#results-charts table caption')]"
            + ".some(c => c.textContent === 'intent by age_group')", Duration.ofSeconds(15));
        String intent = page.eval("[...document.querySelectorAll('#results-charts table')].find(t =>"
            + " t.caption.textContent === 'intent by age_group').textContent").toString();
        assertTrue(intent.contains("age_group 18-plus"), intent);
        page.eval("document.getElementById('by').value = ''");
        // The cross-tab: consent by age_group; the three 18-plus who agreed are too few to show.
        page.waitFor("the cross-tab's fields", "[...document.querySelectorAll('#ct-rows option')]"
            + ".some(o => o.value === 'contact.age_group')", Duration.ofSeconds(10));
        page.eval("document.getElementById('ct-rows').value = 'contact.age_group';"
            + "document.getElementById('ct-columns').value = 'consent';"
            + "document.getElementById('ct-columns').dispatchEvent(new Event('change'))");
        page.waitFor("consent by age group", "document.querySelector('#crosstab-grid caption')?.textContent"
            + ".startsWith('consent by age_group')", Duration.ofSeconds(15));
        assertEquals("<5", page.eval("document.querySelector('#crosstab-grid tr[data-row=\"18-plus\"]"
            + " td[data-column=agree]').textContent"), page.text("#crosstab-table"));
        assertTrue(page.text("#crosstab-note").contains("complementary suppression"), page.text("#crosstab-note"));

        // Dates are ISO dates whatever the browser's locale; a date written another way is explained, not sent.
        assertEquals("text yyyy-mm-dd", page.eval("document.getElementById('from').type + ' '"
            + " + document.getElementById('from').placeholder"));
        filter(page, "from", "01/02/2020");
        page.waitFor("the date explained", "document.getElementById('filter-error').textContent.includes("
            + "'is not a date written yyyy-mm-dd')", Duration.ofSeconds(10));
        filter(page, "from", "2020-02-30");
        page.waitFor("a day that does not exist", "document.getElementById('filter-error').textContent.includes("
            + "'\"2020-02-30\" is not a date')", Duration.ofSeconds(10));
        // The date range: January 2020 has no runs; clearing it brings them back.
        filter(page, "from", "2020-01-01", "to", "2020-01-31");
        awaitFunnelRuns(page, "an empty period", 0);
        filter(page, "from", "", "to", "");
        awaitFunnelRuns(page, "all time again", 5);

        // Broadcasts and campaigns: the newest broadcast first, its arms side by side; then a campaign.
        page.waitFor("the broadcast's figures", "document.body.dataset.messages === 'broadcasts/" + broadcast + "'",
            Duration.ofSeconds(15));
        assertTrue(page.text("#message-cards").contains("messages4"), page.text("#message-cards"));
        assertTrue(page.text("#message-cards").contains("unique recipients4"), page.text("#message-cards"));
        assertEquals("2", page.eval("document.querySelectorAll('#message-parts tr[data-part]').length").toString(),
            page.text("#message-parts"));
        assertTrue(page.text("#message-parts").startsWith("Arms side by side"), page.text("#message-parts"));
        // Its SMS over time: nothing sent yet (no SMSC), the day it started marked and named on the time axis.
        String sms = "document.getElementById('message-timeline')";
        page.waitFor("the broadcast's SMS over time", sms + ".dataset.source === 'broadcasts/" + broadcast + "'",
            Duration.ofSeconds(15));
        assertEquals("0", page.eval(sms + ".dataset.sent"));
        assertEquals(today.toString(), page.eval(sms + ".querySelector('g.marker-at[data-kind=broadcast]')"
            + ".dataset.period"));
        assertEquals("Broadcast " + broadcast + " starts sending", page.eval(sms + ".querySelector('g.marker-at"
            + " text.marker-label').textContent"));
        assertTrue(page.eval(sms + ".querySelector('svg title').textContent").toString().startsWith("SMS per day,"
            + " broadcast " + broadcast), page.text("#message-timeline"));
        assertEquals("Broadcast " + broadcast + " sent", page.eval("document.querySelector('#timeline-chart"
            + " g.marker-at[data-kind=broadcast] text.marker-label').textContent"), "the flow timeline's marker too");
        page.eval("document.getElementById('message-source').value = 'campaigns/climate-tips'");
        page.click("#message-pick button[type=submit]");
        page.waitFor("the campaign's figures", "document.body.dataset.messages === 'campaigns/climate-tips'",
            Duration.ofSeconds(15));
        assertTrue(page.text("#message-cards").contains("messages0"), page.text("#message-cards"));

        // The web simulator: dial the survey and answer it to the end.
        page.waitFor("the simulator's flows", "[...document.querySelectorAll('#sim-flow option')]"
            + ".some(o => o.value === '*384*12#')", Duration.ofSeconds(10));
        page.eval("document.getElementById('sim-flow').value = '*384*12#'");
        page.click("#sim-call");
        for (VaccineScript.Step step : VaccineScript.STEPS) {
          if (!step.text().isEmpty()) {
            String input = step.text().substring(step.text().lastIndexOf('*') + 1);
            page.waitFor("the reply box", "!document.getElementById('sim-input').disabled", Duration.ofSeconds(10));
            page.type("#sim-input", input);
            page.click("#sim-send");
          }
          page.waitFor("the screen '" + step.marker() + "'", "document.getElementById('sim-screen').textContent"
              + ".includes(" + HeadlessChromium.quote(step.marker()) + ")", Duration.ofSeconds(15));
        }
        assertEquals("end", page.eval("document.getElementById('sim-screen').dataset.state"), "the survey ended");
        assertTrue(page.text("#sim-status").startsWith("END"), page.text("#sim-status"));
        assertTrue(page.text("#sim-error").isEmpty(), page.text("#sim-error"));

        // The simulated run is counted under its own channel: the programme's figures still show five runs, the
        // channel "web simulator only" shows it alone.
        awaitRuns(server.port(), token, "&channel=sim", 1);
        filter(page);
        awaitFunnelRuns(page, "the figures again", 5);
        filter(page, "channel", "sim");
        awaitFunnelRuns(page, "the simulator's own run", 1);
        page.eval("document.getElementById('channel').value = ''");

        page.screenshot(Path.of("target", "dashboard.png"));
        for (String part : java.util.List.of("live", "figures", "timeline", "funnel", "messages", "simulator")) {
          page.screenshotOf("#" + part, Path.of("target", "dashboard-" + part + ".png"));
        }
        assertEquals(java.util.List.of(), page.errors(), "no script errors or CSP violations in the page");

        languages(page, server.port());
        shareableUrl(page, server.port(), token);
        printed(page);
        downloads(page);
        accessible(page);
        assertEquals(java.util.List.of(), page.errors(), "no script errors or CSP violations in the French page");
      }
    }
  }

  /**
   * The "Over time" chart: one bar per day of the last 30, the runs on the days the clock put them (1 two days ago,
   * 2 yesterday, 2 today), the broadcast marked today and the flow versions on the day the server started; per
   * hour, the last 48 hours; per channel; and its CSV through the "Download CSV" link.
   */
  private static void overTime(HeadlessChromium page, LocalDate today) throws Exception {
    String chart = "document.getElementById('timeline-chart')";
    page.waitFor("the timeline", chart + ".dataset.runs === '5' && " + chart + ".dataset.interval === 'day'",
        Duration.ofSeconds(15));
    String busy = "[...document.querySelectorAll('#timeline-chart svg g.period')].filter(g => g.dataset.runs !== '0')"
        + ".map(g => g.dataset.period + ':' + g.dataset.runs).join(' ')";
    assertEquals(today.minusDays(2) + ":1 " + today.minusDays(1) + ":2 " + today + ":2", page.eval(busy));
    assertEquals("30", page.eval("document.querySelectorAll('#timeline-chart svg g.period').length").toString());
    assertEquals(today.toString(), page.eval("[...document.querySelectorAll('#timeline-chart svg g.period')]"
        + ".pop().dataset.period"), "the last bar is today");
    // Accessible: an image with a title and a description, and the same figures as a table.
    assertEquals("img", page.eval(chart + ".querySelector('svg').getAttribute('role')"));
    assertTrue(page.eval(chart + ".querySelector('svg title').textContent").toString()
        .startsWith("Runs started per day, flow vaccine-confidence"), page.text("#timeline-chart"));
    assertTrue(page.eval(chart + ".querySelector('svg desc').textContent").toString().startsWith("5 runs started"));
    assertEquals("2", page.eval("document.querySelector('#timeline-table tr[data-period=\"" + today.minusDays(1)
        + "\"] td:nth-child(3)').textContent"), "the table's runs started yesterday");
    // Markers: the broadcast sent today, the demo flows' versions on the day the server started.
    assertEquals(today.toString(), page.eval(chart + ".querySelector('g.marker-at[data-kind=broadcast]')"
        + ".dataset.period"));
    assertEquals(today.minusDays(2).toString(), page.eval(chart + ".querySelector('g.marker-at[data-kind=version]')"
        + ".dataset.period"));

    page.eval("document.getElementById('tl-interval').value = 'hour'");
    page.click("#timeline-filters button[type=submit]");
    page.waitFor("the hourly timeline", chart + ".dataset.interval === 'hour'", Duration.ofSeconds(15));
    assertEquals("48", page.eval("document.querySelectorAll('#timeline-chart svg g.period').length").toString());
    assertEquals("4", page.eval(chart + ".dataset.runs"), "two days ago is just outside the last 48 hours");
    assertEquals("2", page.eval("[...document.querySelectorAll('#timeline-chart svg g.period')].pop().dataset.runs"),
        "today's two runs in this hour");
    page.eval("document.getElementById('tl-interval').value = 'day'; document.getElementById('tl-channel').value = 'sms'");
    page.click("#timeline-filters button[type=submit]");
    page.waitFor("no SMS runs", chart + ".dataset.interval === 'day' && " + chart + ".dataset.runs === '0'",
        Duration.ofSeconds(15));
    page.eval("document.getElementById('tl-channel').value = 'ussd'");
    page.click("#timeline-filters button[type=submit]");
    page.waitFor("the USSD runs", chart + ".dataset.runs === '5'", Duration.ofSeconds(15));

    // The link fetches the CSV with the token and hands the browser a file: catch the file to read it.
    page.eval("window.timelineCsv = null; const made = URL.createObjectURL; URL.createObjectURL = (b) => {"
        + " window.timelineCsv = b; return made.call(URL, b); }; true");
    page.click("#tl-csv");
    page.waitFor("the CSV", "document.body.dataset.csv && window.timelineCsv", Duration.ofSeconds(15));
    // Decoded as a spreadsheet would, keeping the byte order mark (Blob.text() drops it).
    String csv = page.eval("window.timelineCsv.arrayBuffer().then(b => new TextDecoder('utf-8', { ignoreBOM: true })"
        + ".decode(b))").toString();
    assertTrue(csv.startsWith("\uFEFFperiod,participants,runs_started,completed,dropped,"), "CSV: " + csv);
    assertTrue(csv.contains("\r\n" + today.minusDays(1) + ",2,2,2,0,1.0,"), csv);
    assertTrue(page.eval("document.body.dataset.csv").toString()
        .startsWith("vaccine-confidence-timeline-day-" + today.minusDays(29) + "-ussd"), page.eval("document.body.dataset.csv").toString());
    page.eval("document.getElementById('tl-channel').value = ''");
  }

  /**
   * The dashboard's own texts in the reader's language: every key of the English catalogue has a French text; a
   * browser asking for French gets the French page; the switch on the page changes the language and is remembered
   * over the browser's; and the French page, every panel drawn, has no English text of the catalogue left (text
   * nodes, aria-labels, titles, placeholders), the programme's own texts (marked translate="no") aside.
   */
  private static void languages(HeadlessChromium page, int port) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    JsonObject en = catalogue(http, port, "en");
    JsonObject fr = catalogue(http, port, "fr");
    var missing = new java.util.TreeSet<>(en.fieldNames());
    missing.removeAll(fr.fieldNames());
    assertEquals(java.util.Set.of(), missing, "keys of en.json missing from fr.json");
    var extra = new java.util.TreeSet<>(fr.fieldNames());
    extra.removeAll(en.fieldNames());
    assertEquals(java.util.Set.of(), extra, "keys of fr.json that en.json does not have");
    for (String key : en.fieldNames()) {
      var placeholders = java.util.regex.Pattern.compile("\\{\\w+}");
      assertEquals(placeholders.matcher(en.getString(key)).results().map(m -> m.group()).sorted().toList(),
          placeholders.matcher(fr.getString(key)).results().map(m -> m.group()).sorted().toList(),
          "the placeholders of " + key + " in fr.json");
    }

    // A browser that asks for French (Accept-Language, navigator.languages) gets the French page.
    page.send("Network.enable", new JsonObject());
    page.send("Network.setUserAgentOverride", new JsonObject().put("userAgent", "Mozilla/5.0 (X11; Linux x86_64)"
        + " KabambeBrowserTest").put("acceptLanguage", "fr-FR,fr;q=0.9"));
    page.navigate("http://127.0.0.1:" + port + "/");
    awaitAllPanels(page, "fr");
    assertEquals("fr", page.eval("navigator.languages[0].slice(0, 2)"));
    assertEquals("Tableau de bord Kabambe", page.eval("document.title"));
    // The switch beats the browser's language, and is remembered.
    page.eval("const s = document.getElementById('language'); s.value = 'en'; s.dispatchEvent(new Event('change'))");
    awaitAllPanels(page, "en");
    assertEquals("en", page.eval("localStorage.getItem('kabambe.language')"));
    assertTrue(page.text("#figure-cards").contains("participants"), page.text("#figure-cards"));
    page.eval("const s = document.getElementById('language'); s.value = 'fr'; s.dispatchEvent(new Event('change'))");
    awaitAllPanels(page, "fr");
    page.eval("document.querySelectorAll('details:not(#graph)').forEach(d => d.open = true); true");

    // Numbers and dates are written the French way, by Intl.
    assertTrue(page.text("#funnel-chart").matches("(?s).*5 atteints \\(100[\u00a0\u202f]%\\).*"),
        page.text("#funnel-chart"));
    String english = page.eval("(() => {"
        + " const en = " + en.encode() + ", fr = " + fr.encode() + ";"
        + " const esc = (s) => s.replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&');"
        // Whole texts (placeholders as wildcards), and any phrase of 12 characters or more between placeholders.
        + " const keys = Object.keys(en).filter((k) => en[k] !== fr[k] && /[A-Za-z]{2}/.test(en[k].replace(/\\{\\w+}/g, '')));"
        + " const whole = keys.map((k) => [k, new RegExp('^' + en[k].split(/\\{\\w+}/).map(esc).join('.*?') + '$', 's')]);"
        + " const phrases = keys.flatMap((k) => en[k].split(/\\{\\w+}/).map((p) => p.trim())"
        + "   .filter((p) => p.length >= 12 && p.includes(' ')).map((p) => [k, p]));"
        + " const found = [];"
        + " const check = (where, text) => { const s = text.replace(/\\s+/g, ' ').trim(); if (!s) return;"
        + "   for (const [k, re] of whole) if (re.test(s)) { found.push(where + ' \"' + s + '\" = en ' + k); return; }"
        + "   for (const [k, p] of phrases) if (s.includes(p)) { found.push(where + ' \"' + s + '\" has en ' + k); return; } };"
        + " const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);"
        + " for (let n = walker.nextNode(); n; n = walker.nextNode()) {"
        + "   const p = n.parentElement; if (p.closest('script, style, code, pre, #sim-screen, [translate=no]')) continue;"
        + "   check((p.id ? '#' + p.id : p.tagName.toLowerCase()), n.nodeValue); }"
        + " for (const e of document.querySelectorAll('[aria-label], [title], [placeholder], optgroup[label]'))"
        + "   for (const a of ['aria-label', 'title', 'placeholder', 'label']) if (e.hasAttribute(a))"
        + "     check(e.tagName.toLowerCase() + '[' + a + ']', e.getAttribute(a));"
        + " check('title', document.title);"
        + " return found.join('\\n'); })()").toString();
    assertEquals("", english, "English texts left on the French page");
    page.screenshot(Path.of("target", "dashboard-fr.png"));
  }

  /**
   * A URL with a selection in its fragment opens the page on that selection (flow, period, channel, breakdown,
   * over-time choices, cross-tab, language); a pick on the page goes into the URL; the token never does.
   */
  private static void shareableUrl(HeadlessChromium page, int port, String token) throws Exception {
    page.navigate("about:blank");
    page.navigate("http://127.0.0.1:" + port + "/#flow=vaccine-confidence&from=2020-01-01&to=2020-01-31"
        + "&channel=ussd&by=age_group&interval=hour&tl_channel=ussd&rows=contact.age_group&columns=consent&lang=en");
    page.waitFor("the shared selection", "document.body && document.body.dataset.ready === 'en'"
        + " && document.body.dataset.loaded === 'vaccine-confidence'"
        + " && document.getElementById('timeline-chart').dataset.interval === 'hour'"
        + " && document.querySelector('#crosstab-grid caption')", Duration.ofSeconds(30));
    assertEquals("en", page.eval("document.documentElement.lang"), "the URL's language beats the remembered one");
    assertEquals("vaccine-confidence 2020-01-01 2020-01-31 ussd age_group hour ussd contact.age_group consent",
        page.eval("['flow', 'from', 'to', 'channel', 'by', 'tl-interval', 'tl-channel', 'ct-rows', 'ct-columns']"
            + ".map((id) => document.getElementById(id).value).join(' ')"));
    awaitFunnelRuns(page, "the shared (empty) period", 0);
    assertTrue(page.eval("document.querySelector('#crosstab-grid caption').textContent").toString()
        .startsWith("consent by age_group (contact field)"), page.text("#crosstab-grid caption"));
    assertEquals("4", page.eval("document.getElementById('timeline-chart').dataset.runs"),
        "per hour (the last 48 hours, whatever From and To say), the USSD runs");
    // A pick on the page goes into the URL, and the token is never in it.
    filter(page, "from", "", "to", "", "channel", "");
    awaitFunnelRuns(page, "all time, all channels", 5);
    String url = page.eval("location.href").toString();
    assertTrue(url.contains("#flow=vaccine-confidence&by=age_group&interval=hour&tl_channel=ussd"
        + "&rows=contact.age_group&columns=consent&lang=en"), url);
    assertTrue(!url.contains(token) && !url.toLowerCase().contains("token"), url);
  }

  /**
   * The print view ("Print → PDF"): a head with the title, flow, period, filters and time of printing; no control
   * left (buttons, selects, inputs, the filter forms, the simulator); and a PDF that holds the report.
   */
  private static void printed(HeadlessChromium page) throws Exception {
    // The head is written once every panel of the last Show has answered, which can be after the funnel.
    page.waitFor("the report head of the figures shown", "document.getElementById('report-period').textContent"
        + " === 'all time'", Duration.ofSeconds(15));
    String visible = "((e) => !!e && getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0)";
    assertTrue(!page.truthy(visible + "(document.getElementById('report-head'))"), "the report head is for print only");
    page.send("Emulation.setEmulatedMedia", new JsonObject().put("media", "print"));
    try {
      assertTrue(page.truthy(visible + "(document.getElementById('report-head'))"), "the report head is printed");
      String head = page.eval("document.getElementById('report-head').innerText").toString();
      for (String fact : java.util.List.of("Kabambe report", "Vaccine", "Period", "all time", "Channel", "Answers by",
          "age_group", "Generated", "UTC")) {
        assertTrue(head.contains(fact), "the printed head names " + fact + ": " + head);
      }
      assertEquals("", page.eval("[...document.querySelectorAll('button, select, input, form, #simulator, #live')]"
          + ".filter(" + visible + ").map((e) => e.id || e.tagName).join(' ')"), "controls left in the print view");
      for (String part : java.util.List.of("#figures", "#timeline-chart svg", "#funnel-chart svg", "#crosstab-grid")) {
        assertTrue(page.truthy(visible + "(document.querySelector('" + part + "'))"), part + " is printed");
      }
      assertEquals("avoid", page.eval("getComputedStyle(document.querySelector('#timeline-chart svg')).breakInside"),
          "a chart is not cut across two pages");
      JsonObject pdf = page.send("Page.printToPDF", new JsonObject().put("printBackground", false)
          .put("preferCSSPageSize", true));
      byte[] bytes = java.util.Base64.getDecoder().decode(pdf.getString("data"));
      assertEquals("%PDF-", new String(bytes, 0, 5, java.nio.charset.StandardCharsets.US_ASCII));
      assertTrue(bytes.length > 30_000, "a PDF of the whole report, not an empty page: " + bytes.length + " bytes");
      java.nio.file.Files.createDirectories(Path.of("target"));
      java.nio.file.Files.write(Path.of("target", "dashboard-print.pdf"), bytes);
    } finally {
      page.send("Emulation.setEmulatedMedia", new JsonObject().put("media", ""));
    }
  }

  /**
   * Every chart downloads as SVG (a well-formed SVG document holding the chart's figures, its look inlined) and as
   * PNG (the SVG drawn on a canvas, twice its size); a bar chart's figures as CSV.
   */
  private static void downloads(HeadlessChromium page) throws Exception {
    page.eval("window.saved = []; const made = URL.createObjectURL; URL.createObjectURL = (b) => {"
        + " window.saved.push(b); return made.call(URL, b); }; true");
    assertEquals("true", page.eval("[...document.querySelectorAll('.chart > svg')].every(s =>"
        + " s.nextElementSibling && s.nextElementSibling.matches('.chart-downloads'))").toString(),
        "every chart has its download buttons");

    String funnelSvg = new String(download(page, "#funnel-chart .chart-downloads button", 0, ".svg"),
        java.nio.charset.StandardCharsets.UTF_8);
    var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    var doc = factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(
        funnelSvg.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertEquals("svg", doc.getDocumentElement().getLocalName());
    assertEquals("http://www.w3.org/2000/svg", doc.getDocumentElement().getNamespaceURI());
    String texts = doc.getDocumentElement().getTextContent();
    assertTrue(texts.contains("5 reached (100%)") && texts.contains("3 reached (60%)"), texts);
    assertTrue(funnelSvg.contains("fill=\"rgb(47, 111, 179)\""), "the bars' colour is inlined: " + funnelSvg);

    String timelineSvg = new String(download(page, "#timeline-chart .chart-downloads button", 0, ".svg"),
        java.nio.charset.StandardCharsets.UTF_8);
    factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(
        timelineSvg.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    // (Per hour, as the shared URL left it: a bar per hour and the markers, each with its period.)
    assertEquals(page.eval("document.querySelectorAll('#timeline-chart svg [data-period]').length").toString(),
        String.valueOf(timelineSvg.split("data-period=\"", -1).length - 1), "every bar and marker: " + timelineSvg);
    assertTrue(timelineSvg.contains("data-runs=\"2\""), timelineSvg);

    byte[] png = download(page, "#funnel-chart .chart-downloads button", 1, ".png");
    assertEquals("\u0089PNG", new String(png, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1));
    int width = java.nio.ByteBuffer.wrap(png, 16, 4).getInt();
    assertEquals(2 * ((Number) page.eval("document.querySelector('#funnel-chart svg').viewBox.baseVal.width"))
        .intValue(), width, "the PNG is drawn at twice the chart's size");
    assertTrue(png.length > 10_000, "a PNG with the chart drawn: " + png.length + " bytes");

    String csv = new String(download(page, "#results-charts .chart-downloads button", 2, ".csv"),
        java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(csv.startsWith("\uFEFFname,count\r\n"), csv);
  }

  /** Clicks the {@code index}th of the buttons and returns the file the page hands the browser. */
  private static byte[] download(HeadlessChromium page, String buttons, int index, String extension)
      throws Exception {
    page.eval("window.saved = []; document.body.dataset.download = ''; document.querySelectorAll("
        + HeadlessChromium.quote(buttons) + ")[" + index + "].click(); true");
    page.waitFor("the " + extension + " file", "document.body.dataset.download.endsWith('" + extension + "')"
        + " && window.saved.length", Duration.ofSeconds(15));
    String base64 = page.eval("window.saved[0].arrayBuffer().then(b => { let s = '';"
        + " new Uint8Array(b).forEach(x => s += String.fromCharCode(x)); return btoa(s); })").toString();
    return java.util.Base64.getDecoder().decode(base64);
  }

  /** axe-core (vendored under test resources) finds no serious or critical WCAG 2.1 A/AA violation. */
  static void accessible(HeadlessChromium page) throws Exception {
    String axe;
    try (var in = DashboardBrowserTest.class.getResourceAsStream("/axe-core/axe.min.js")) {
      axe = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    page.eval(axe + "; true");
    assertEquals("4.14.1", page.eval("axe.version"), "axe-core is in the page");
    page.eval("document.querySelectorAll('details:not(#graph)').forEach(d => d.open = true); true");
    String violations = page.eval("axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa',"
        + " 'wcag21a', 'wcag21aa'] } }).then(r => r.violations.filter(v => v.impact === 'serious'"
        + " || v.impact === 'critical').map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at '"
        + " + v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(', ')).join('\\n'))").toString();
    assertEquals("", violations, "axe-core's serious and critical violations");
  }

  private static JsonObject catalogue(HttpClient http, int port, String lang) throws Exception {
    var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/i18n/" + lang + ".json")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), "i18n/" + lang + ".json");
    return new JsonObject(r.body());
  }

  /** Waits until the page, in {@code lang}, has drawn every panel (the token is kept in the tab: no sign-in). */
  private static void awaitAllPanels(HeadlessChromium page, String lang) throws Exception {
    page.waitFor("every panel in " + lang, "document.body && document.body.dataset.ready === '" + lang + "'"
        + " && document.documentElement.lang === '" + lang + "'"
        + " && document.body.dataset.loaded === 'vaccine-confidence' && document.body.dataset.messages"
        + " && document.querySelector('#timeline-chart svg') && document.querySelector('#crosstab-grid')"
        + " && document.querySelector('#versions-compare').childElementCount"
        + " && document.getElementById('sim-endpoint').textContent && document.getElementById('live-at').textContent",
        Duration.ofSeconds(30));
  }

  /** Sets the filter fields (id, value, id, value...) and submits the filters. */
  private static void filter(HeadlessChromium page, String... idsAndValues) throws Exception {
    var js = new StringBuilder();
    for (int i = 0; i < idsAndValues.length; i += 2) {
      js.append("document.getElementById('").append(idsAndValues[i]).append("').value = ")
          .append(HeadlessChromium.quote(idsAndValues[i + 1])).append(";");
    }
    if (!js.isEmpty()) page.eval(js.toString());
    page.click("#filters button[type=submit]");
  }

  private static void awaitFunnelRuns(HeadlessChromium page, String what, int runs) throws Exception {
    page.waitFor(what, "document.getElementById('funnel-chart').dataset.runs === '" + runs + "'",
        Duration.ofSeconds(15));
  }

  /** Four contacts of the group chw, and a broadcast to them in two arms (no SMSC: the messages stay queued). */
  private static long broadcastWithTwoArms(KabambeServer server) throws Exception {
    try (var c = server.database().connection(); var s = c.prepareStatement("INSERT INTO contacts (phone, language,"
        + " opted_out, created_at, group_list) VALUES (?, 'en', FALSE, CURRENT_TIMESTAMP, ';chw;')")) {
      for (int i = 0; i < 4; i++) {
        s.setString(1, "+25470000" + (4200 + i));
        s.executeUpdate();
      }
    }
    String admin = new ApiTokens(server.database(), Clock.systemUTC())
        .create(Role.ADMIN, "browser-test-admin", Optional.empty(), "test").token();
    var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
            + "/api/broadcasts")).header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"arms\": {\"a\": \"Clinic day A\", \"b\": \"Clinic day B\"},"
            + " \"to\": \"groups: chw\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    server.runBroadcasts();
    return new JsonObject(r.body()).getLong("id");
  }

  /**
   * Five participants dial the survey over Africa's Talking: three answer everything, two stop at the age question.
   * One on the clock's first day, two the next, two the day after.
   */
  private static void demoLoad(int port, MutableClock clock) throws Exception {
    var client = new UssdClient(port);
    for (int p = 0; p < 5; p++) {
      if (p == 1 || p == 3) clock.advance(Duration.ofDays(1));
      String phone = "+25470000" + (4100 + p);
      int hops = p < 3 ? VaccineScript.STEPS.size() : 3;
      for (int i = 0; i < hops; i++) {
        VaccineScript.Step step = VaccineScript.STEPS.get(i);
        var reply = client.africasTalking("demo-" + p, phone, step.text());
        assertTrue(reply.body().contains(step.marker()), "hop " + i + " of participant " + p + ": " + reply.body());
      }
    }
  }

  /** The figures trail the hops by about a second (the rollup); wait until all five runs are in. */
  private static void awaitFigures(int port, String token) throws Exception {
    awaitRuns(port, token, "", 5);
  }

  private static void awaitRuns(int port, String token, String query, long runs) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Predicate<HttpResponse<String>> counted = r -> r.statusCode() == 200
        && new JsonObject(r.body()).getLong("runs") >= runs;
    var r = Eventually.read(Duration.ofSeconds(30), () -> http.send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + port + "/api/flows/vaccine-confidence/funnel?" + query))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()), counted);
    if (!counted.test(r)) fail("the funnel never counted " + runs + " runs: " + r.statusCode() + " " + r.body());
  }
}
