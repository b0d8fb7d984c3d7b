import { invoke, type Handlers, type PageRenderer } from './http-server.js';
import type { DeadlineReport } from '#shared/domain/deadlines/engine.js';
import type { MeetingDeadlines } from '#shared/domain/meetings/use-cases.js';
import { nomineeName, type Meeting, type MeetingSummary } from '#shared/domain/meetings/schema.js';

/**
 * The local pages: a home page with the platform's URLs and meetings, and a page per meeting with
 * the deadlines it sets for the next one. They read through the same API handlers as everyone.
 */
const esc = (s: unknown) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} — proxydesk</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2330}
table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border-bottom:1px solid #d8dde6;padding:.3rem .7rem;text-align:left;vertical-align:top}
th{background:#f1f4f8}code{background:#f1f4f8;padding:0 .25rem}.warn{color:#8a4b00}.muted{color:#5b6475}</style></head>
<body><header><a href="/">proxydesk</a> <span class="muted">local</span></header><main>${body}</main></body></html>`;
}

async function api<T>(handlers: Partial<Handlers>, path: string): Promise<{ status: number; body: T }> {
  const res = await invoke(handlers, 'GET', new URL(path, 'http://localhost'));
  return { status: res?.statusCode ?? 404, body: JSON.parse(res?.body ?? '{}') as T };
}

function deadlinesTable(r: DeadlineReport): string {
  const row = (route: string, value: string | null, note: string, citation: string) =>
    `<tr><td>${esc(route)}</td><td><strong>${esc(value ?? 'no fixed date')}</strong> ${esc(note)}</td><td>${esc(citation)}</td></tr>`;
  return `<table><tr><th>route</th><th>deadline</th><th>source</th></tr>
${row('Rule 14a-8 proposal (in the company proxy)', r.rule14a8.deadline, 'received by this date', r.rule14a8.citation)}
${row('Advance notice window opens', r.advanceNotice.opens, 'close of business', 'Bylaws')}
${row('Advance notice window closes', r.advanceNotice.closes, 'close of business', 'Bylaws')}
${row('Rule 14a-19 universal-proxy notice', r.rule14a19.deadline, 'received by this date', r.rule14a19.citation)}
</table>${r.warnings.map((w) => `<p class="warn">⚠ ${esc(w.message)}</p>`).join('')}`;
}

export function localPages(
  handlers: Partial<Handlers>,
  urls: Record<string, string>,
  materials: (meetingId: string) => Promise<string[]> = async () => [],
): PageRenderer {
  return async (url) => {
    const notice = /^\/pages\/meetings\/([a-z0-9-]+)\/notice$/.exec(url.pathname);
    if (notice) {
      // The Notice of Internet Availability as the print vendor and the email get it, with a specimen control number.
      const meeting = await api<Meeting>(handlers, `/meetings/${notice[1]}`);
      if (meeting.status !== 200)
        return { status: meeting.status, html: layout('Not found', `<p>No meeting ${esc(notice[1])}.</p>`) };
      const { buildNotice, renderNoticeHtml } = await import('#shared/domain/distribution/notice.js');
      // The Notice names the platform's own voting page unless the meeting file names another voting website.
      const votingPage = new URL(`/vote/${meeting.body.id}`, url).href;
      const doc = buildNotice(meeting.body, { materials: await materials(meeting.body.id), votingPage });
      const warning = doc.missing.length
        ? `<p class="warn">This Notice is incomplete and would not be sent: it lacks ${esc(doc.missing.join('; '))}.</p>`
        : '';
      return {
        status: 200,
        html: renderNoticeHtml(doc, '0000 0000 0000 (specimen)').replace('<body>', `<body>${warning}`),
      };
    }
    if (url.pathname === '/') {
      const { body } = await api<{ meetings: MeetingSummary[] }>(handlers, '/meetings');
      const rows = body.meetings
        .map(
          (m) =>
            `<tr><td><a href="/pages/meetings/${esc(m.id)}">${esc(m.id)}</a></td><td>${esc(m.issuer)}</td>` +
            `<td>${esc(m.date)}</td><td>${esc(m.recordDate)}</td><td>${esc(m.delivery)}</td></tr>`,
        )
        .join('');
      const links = Object.entries(urls)
        .map(([k, v]) => `<tr><td>${esc(k)}</td><td><a href="${esc(v)}">${esc(v)}</a></td></tr>`)
        .join('');
      return {
        status: 200,
        html: layout(
          'Home',
          `<h1>proxydesk</h1><h2>Meetings</h2><table><tr><th>id</th><th>issuer</th><th>date</th><th>record date</th><th>delivery</th></tr>${rows}</table>
<h2>Local platform</h2><table>${links}</table>
<h2>API</h2><p><a href="/deadlines?priorMeeting=2024-06-20&amp;priorRelease=2024-06-05&amp;tz=America/Los_Angeles">` +
            `<code>GET /deadlines?priorMeeting=2024-06-20&amp;priorRelease=2024-06-05&amp;tz=America/Los_Angeles</code></a>,
<code>POST /deadlines/check</code>, <a href="/meetings"><code>GET /meetings</code></a>, ` +
            `<code>GET /meetings/{id}</code>, <code>GET /meetings/{id}/deadlines</code>.</p>`,
        ),
      };
    }
    const match = /^\/pages\/meetings\/([a-z0-9-]+)$/.exec(url.pathname);
    if (match) {
      const id = match[1]!;
      const meeting = await api<Meeting>(handlers, `/meetings/${id}`);
      if (meeting.status !== 200)
        return { status: meeting.status, html: layout('Not found', `<p>No meeting ${esc(id)}.</p>`) };
      const m = meeting.body;
      const d = (await api<MeetingDeadlines>(handlers, `/meetings/${id}/deadlines`)).body;
      const proposals = m.proposals
        .map(
          (p) =>
            `<tr><td>${p.number}</td><td>${esc(p.title)}` +
            `${p.nominees ? `<br><span class="muted">${esc(p.nominees.map(nomineeName).join(', '))}</span>` : ''}</td>` +
            `<td>${esc(p.boardRecommendation)}</td><td>${esc(p.voteStandard)}</td></tr>`,
        )
        .join('');
      const timeline = d.timeline
        .map((t) => `<tr><td>${esc(t.date)}</td><td>${esc(t.label)}</td><td>${esc(t.citation)}</td></tr>`)
        .join('');
      return {
        status: 200,
        html: layout(
          m.issuer.name,
          `<h1>${esc(m.issuer.name)}</h1>
<p>${esc(m.meeting.kind)} meeting, ${esc(m.meeting.date)} at ${esc(m.meeting.time)} ` +
            `(${esc(m.issuer.timeZone)}), ${
              m.meeting.virtualOnly
                ? `virtual only: <a href="${esc(m.meeting.virtualUrl)}">${esc(m.meeting.virtualUrl)}</a>`
                : esc(m.meeting.location)
            }.
Record date ${esc(m.meeting.recordDate)}; ${m.meeting.sharesOutstanding.toLocaleString('en-US')} shares ` +
            `outstanding; quorum ${esc(m.meeting.quorum.fraction)} = ${m.meeting.quorum.shares.toLocaleString('en-US')} shares.</p>
<h2>Proposals</h2><table><tr><th>#</th><th>proposal</th><th>board</th><th>vote standard</th></tr>${proposals}</table>
<h2>Deadlines for next year's meeting</h2>${deadlinesTable(d.nextMeeting)}
<p><a href="/pages/meetings/${esc(id)}/notice">The Notice of Internet Availability (print page, specimen)</a></p>
<p><a href="/meetings/${esc(id)}/results/page">Results</a> (a running tally until the polls close; confidential) · ` +
            `<a href="/meetings/${esc(id)}/results/certificate">the inspector's certificate</a></p>
<h2>This meeting's clocks</h2><table><tr><th>date</th><th>what</th><th>source</th></tr>${timeline}</table>`,
        ),
      };
    }
    return undefined;
  };
}
