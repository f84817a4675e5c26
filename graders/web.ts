// Checks for the web exercise (EXERCISES.md § web): a server that answers a browser's request with
// the page <h1>welcome nginx</h1> and closes.
import { fail, isCheckFailure } from '../harness/check/failure.js';
import type { Check } from '../harness/check/types.js';
import type { CheckContext } from '../harness/check/context.js';
import { describeEnding } from '../harness/check/diagnose.js';
import type { CloseKind } from '../harness/net/close-kind.js';
import { isConsumedByPeer } from '../harness/net/close-kind.js';
import type { TcpPeer } from '../harness/net/tcp-peer.js';
import type { Address } from '../harness/process/command.js';
import { canObserveKernel, counterpartSocket } from '../harness/check/observe.js';
import type { Program } from '../harness/process/program.js';
import { previewBytes } from '../harness/util/bytes.js';
import { createRequest, describeAnswerForm, describeHeadToSend, explainNodeFetch, fetchWithNode, readRawAnswer, type NodeFetch } from './expect/http.js';
import { createPayload } from './expect/payload.js';
import { sendUntilAnswered } from './expect/pieces.js';
import { expectNoCrash, explainCrash } from './expect/process.js';
import { findTool, quoteWord } from './expect/tools.js';
import { serverStartsCheck } from './expect/starts.js';

const PAGE = Buffer.from('<h1>welcome nginx</h1>', 'utf8');
/** The heading as a browser's DOM shows it (attributes and spacing may vary). */
const HEADING = /<h1\b[^>]*>\s*welcome nginx\s*<\/h1>/i;
/** What a browser sends for a site with cookies: one header line of 4 KB. */
const COOKIE = `session=${createPayload(2048, 'web-cookie').toString('hex')}`;
/** Browsers we know how to drive headless, in the order we look for them. */
const BROWSERS = ['chromium', 'chromium-browser', 'google-chrome'];
/** Bound for a headless browser to start, load the page and print it (a cold start took 1-2 s here). */
const BROWSER_BOUND_MS = 20_000;
const ENABLE_BROWSER = 'apt-get install chromium';

const SERVER_STARTS = 'server-starts';
const ANSWERS_PAGE = 'server-answers-page';
const SPEAKS_HTTP = 'server-speaks-http';

const READ_TO_BLANK_LINE =
  "Read the request up to the blank line that ends it: data = b''; while b'\\r\\n\\r\\n' not in data: data += conn.recv(1024) (stop too if recv() returns b''). Then answer and close.";

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
}

interface PageWait {
  /** What we did, to begin each message: "after our GET / request". */
  readonly situation: string;
  /** The hint when the server read the whole request and stays silent. */
  readonly silentHint?: string;
}

/**
 * Waits (bounded) for the server to send the page and close; fails saying what it did instead:
 * kept the connection open (with or without the page), never read the request, or read it and
 * stays silent (waiting for a b'' a browser never causes).
 */
async function expectPageAndClose(ctx: CheckContext, peer: TcpPeer, request: Buffer, wait: PageWait): Promise<{ data: Buffer; kind: CloseKind }> {
  const bound = seconds(ctx.timeouts.replyMs);
  const closed = await peer.waitClosed(ctx.timeouts.replyMs);
  const data = peer.received();
  if (!closed) {
    if (data.includes(PAGE)) {
      fail(`${wait.situation}, the server sent the page but kept the connection open for ${bound}: a browser keeps loading until the connection closes (we asked for Connection: close)`, {
        hint: 'Close the connection once the answer is sent: conn.close().',
      });
    }
    if (data.length > 0) {
      fail(`${wait.situation}, the server sent ${previewBytes(data)} and then nothing for ${bound}, with the connection still open`, { expected: `an answer carrying ${previewBytes(PAGE)}, then the connection closed`, actual: previewBytes(data) });
    }
    if (canObserveKernel && isConsumedByPeer(peer.localPort, peer.remotePort)) {
      fail(`${wait.situation}, the server read our whole request (${request.length} bytes, ending with the blank line \\r\\n\\r\\n) and then sent nothing for ${bound}: it waits for more, but a browser sends nothing more and waits for the page`, {
        hint: wait.silentHint ?? `${READ_TO_BLANK_LINE} A loop that reads until recv() returns b'' waits forever: a browser does not close its side before it has the answer.`,
      });
    }
    fail(`${wait.situation}, the server did not read our request within ${bound} and sent nothing`, { hint: 'accept() the connection, recv() the request, then send the answer.' });
  }
  if (!data.includes(PAGE)) {
    fail(data.length === 0 ? `${wait.situation}, the server closed the connection without sending anything` : `${wait.situation}, the server sent ${previewBytes(data)} and closed the connection; the page ${previewBytes(PAGE)} is not in it`, {
      expected: `an answer carrying ${previewBytes(PAGE)}`,
      actual: previewBytes(data),
    });
  }
  return { data, kind: closed };
}

/** Sends a browser's request in one piece and expects the page; returns what came. */
async function fetchPage(ctx: CheckContext, program: Program, address: Address, who: string): Promise<Buffer> {
  const peer = await ctx.connect(address);
  const request = createRequest(address);
  const { data } = await explainCrash(program, `when ${who} asked for the page`, async () => {
    await peer.send(request);
    return expectPageAndClose(ctx, peer, request, { situation: `when ${who} sent a browser's GET / request` });
  }, peer);
  peer.close();
  return data;
}

/** Waits (bounded) until the server's receive queue holds `bytes` of ours: all of it arrived, none read. */
async function waitQueued(peer: TcpPeer, bytes: number, boundMs: number): Promise<void> {
  if (!canObserveKernel) return new Promise((r) => setTimeout(r, 50));
  const deadline = performance.now() + boundMs;
  while ((counterpartSocket(peer)?.unread ?? 0) < bytes && performance.now() < deadline) await new Promise((r) => setTimeout(r, 1));
}

// ---- Real HTTP clients: Node's, curl, a headless browser ----

interface CurlVerdict {
  readonly ok: boolean;
  /** What curl said, for messages: its error line, or what it got. */
  readonly said: string;
}

/** GET / with curl (our tool, trusted), bounded; curl's own --max-time ends it. */
async function runCurl(ctx: CheckContext, curl: string, address: Address): Promise<CurlVerdict> {
  const maxSeconds = Math.max(1, Math.round(ctx.timeouts.replyMs / 1000));
  const command = `${quoteWord(curl)} --silent --show-error --http1.1 --max-time ${maxSeconds} --header 'Connection: close' --output - --write-out '\\n%{http_code}' http://{host}:{port}/`;
  const program = await ctx.startTool(command, address, { label: 'curl' });
  const exit = await program.waitExit(ctx.timeouts.replyMs + ctx.timeouts.startupMs);
  if (!exit) throw new Error(`curl did not end within its own --max-time ${maxSeconds} s`);
  await program.settle(500);
  const out = program.stdout.text();
  const cut = out.lastIndexOf('\n');
  const status = out.slice(cut + 1).trim();
  const body = cut >= 0 ? out.slice(0, cut) : '';
  if (exit.code === 0 && status === '200' && body.includes(PAGE.toString('utf8'))) return { ok: true, said: 'got 200 and the page' };
  const error = program.stderr.text().trim().split('\n').filter(Boolean).pop();
  if (exit.code !== 0) return { ok: false, said: error ?? `curl exited with code ${exit.code}` };
  return { ok: false, said: `got status ${status} and ${JSON.stringify(body.slice(0, 80))}` };
}

/** The browser to drive, where one is installed. */
function findBrowser(): string | undefined {
  for (const name of BROWSERS) {
    const path = findTool(name);
    if (path) return path;
  }
  return undefined;
}

/** How a browser shows an answer of this Content-Type, when not as HTML. */
function describeRendering(type: string): string {
  if (/^\s*text\//i.test(type)) return 'plain text: the tags <h1> and </h1> appear as characters on the screen, not as a heading';
  return 'a file to download, not a page to show';
}

function isHtml(type: string): boolean {
  return /^\s*text\/html\s*(;|$)/i.test(type);
}

const NO_BROWSER = `No browser is installed here, so no browser loaded the page (to add one: ${ENABLE_BROWSER})`;

/**
 * Without a (working) browser: what the page's Content-Type makes every browser do with it.
 * `why` says why no browser judged, for the note.
 */
async function judgeByHeaders(ctx: CheckContext, why: string): Promise<{ note: string }> {
  const { address } = await ctx.startServer();
  const result = await fetchWithNode(address, { transcript: ctx.transcript, label: 'http client', timeoutMs: ctx.timeouts.replyMs });
  const complaint = explainNodeFetch(result, PAGE);
  if (complaint || result.kind !== 'response') return fail(complaint?.message ?? "Node's HTTP client could not get the page", { hint: complaint?.hint ?? describeHeadToSend(PAGE) });
  const type = result.headers['content-type'];
  if (type !== undefined && !isHtml(type)) {
    fail(`the answer says Content-Type: ${type}; a browser shows such an answer as ${describeRendering(type)}. (${why}; judged from the Content-Type instead.)`, {
      expected: 'Content-Type: text/html',
      actual: `Content-Type: ${type}`,
      hint: `Send Content-Type: text/html so the browser reads the page as HTML: ${describeHeadToSend(PAGE)}.`,
    });
  }
  const verdict = type === undefined ? 'no Content-Type, so a browser guesses from the page, and <h1 makes it guess HTML' : `Content-Type ${type} makes a browser show it as HTML`;
  return { note: `${why}; judged from the Content-Type instead: ${verdict}.` };
}

/**
 * With a browser: headless Chromium loads the page through a recording proxy and prints its DOM.
 * The learner's server fails only for what any browser would do with its answer (show it as text,
 * download it, refuse it, never get it); a Chromium that is too slow on a busy machine or broken
 * here is not the learner's fault: the Content-Type judges then, as without a browser.
 */
async function loadInBrowser(ctx: CheckContext, browser: string): Promise<{ note: string }> {
  const { address } = await ctx.startServer();
  const proxy = await ctx.proxy(address, { client: 'chromium', server: 'server' });
  const flags = [
    '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--no-default-browser-check', '--disable-extensions',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
    '--dump-dom',
  ];
  const program = await ctx.startTool(`${quoteWord(browser)} ${flags.join(' ')} http://{host}:{port}/`, { host: '127.0.0.1', port: proxy.port }, { label: 'chromium' });
  const exit = await program.waitExit(BROWSER_BOUND_MS);
  if (exit) await program.settle(500);
  const dom = program.stdout.text();
  const match = HEADING.exec(dom);
  if (match) return { note: `headless Chromium loaded the page and showed the heading ${match[0]}` };
  const asked = () => proxy.record().connections.find((c) => c.toServer.length > 0);
  // A request Chromium sent late (on a busy machine) still gets the server's usual reply bound.
  if (!exit && asked() && !asked()!.toClient.includes(PAGE)) {
    const deadline = performance.now() + ctx.timeouts.replyMs;
    while (!asked()!.toClient.includes(PAGE) && asked()!.serverClosed === undefined && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  }
  const connection = asked();
  const loadError = /Page load failed: (net::[A-Z_]+)/.exec(program.stderr.text())?.[1];
  if (connection) {
    const type = readRawAnswer(connection.toClient).headers['content-type'];
    const said = type === undefined ? 'no Content-Type' : `Content-Type: ${type}`;
    const expectType = { expected: 'Content-Type: text/html', actual: said, hint: `Send Content-Type: text/html so the browser reads the page as HTML: ${describeHeadToSend(PAGE)}.` };
    if (dom.includes('&lt;h1&gt;')) {
      fail(`headless Chromium showed the page as plain text: the tags <h1> and </h1> appear as characters, not as a heading, because the answer says ${said}`, expectType);
    }
    if (type !== undefined && !isHtml(type)) {
      fail(`headless Chromium did not show the page: the answer says ${said}, which makes a browser treat it as ${describeRendering(type)}`, expectType);
    }
    if (loadError) {
      fail(`headless Chromium could not load the page (${loadError}); the server had answered its request with ${previewBytes(connection.toClient)}`, { hint: `Answer with a proper HTTP/1.1 head, then the page: ${describeHeadToSend(PAGE)}.` });
    }
    if (!connection.toClient.includes(PAGE)) {
      fail(`the server did not answer headless Chromium's request (${connection.toServer.length} bytes) with the page ${exit ? 'before Chromium gave up' : `within ${seconds(BROWSER_BOUND_MS)}`}; it sent ${previewBytes(connection.toClient)}`, { hint: READ_TO_BLANK_LINE });
    }
  }
  // The server's answer is one any browser shows (or Chromium never asked): Chromium failed here.
  const lastError = program.stderr.text().trim().split('\n').filter((l) => !/dbus|unexpected operator/i.test(l)).pop();
  const why = !exit
    ? `headless Chromium did not finish within ${seconds(BROWSER_BOUND_MS)} (the machine may be busy)`
    : `headless Chromium ended without showing the page${loadError ? ` (${loadError})` : lastError ? ` (${lastError.slice(0, 200)})` : ''}`;
  ctx.transcript.add('harness', 'note', why);
  return judgeByHeaders(ctx, why);
}

/** Runs Node's client against one server and, where installed, curl against another (a server that serves one client still gets two fair tries). */
async function askRealClients(ctx: CheckContext): Promise<{ node: NodeFetch; program: Program; curl: CurlVerdict | undefined }> {
  const curlPath = findTool('curl');
  const [node, curl] = await Promise.all([
    ctx.startServer().then(async ({ program, address }) => ({ program, result: await fetchWithNode(address, { transcript: ctx.transcript, label: 'http client', timeoutMs: ctx.timeouts.replyMs }) })),
    curlPath ? ctx.startServer({ label: 'server for curl' }).then(({ address }) => runCurl(ctx, curlPath, address)) : Promise.resolve(undefined),
  ]);
  return { node: node.result, program: node.program, curl };
}

const server: Check[] = [
  serverStartsCheck(),
  {
    id: ANSWERS_PAGE,
    title: "answers a browser's request with the page <h1>welcome nginx</h1> and closes the connection",
    role: 'server',
    tags: ['basic'],
    points: 6,
    dependsOn: SERVER_STARTS,
    hint: `${READ_TO_BLANK_LINE} Send the page with sendall(), then conn.close().`,
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      const data = await fetchPage(ctx, program, address, 'we');
      return { note: `the server answered with ${describeAnswerForm(readRawAnswer(data))}` };
    },
  },
  {
    id: SPEAKS_HTTP,
    title: "answers in HTTP/1.x that real HTTP clients accept (Node's, and curl where installed): status line, headers, blank line, page",
    role: 'server',
    tags: ['http'],
    points: 2,
    dependsOn: ANSWERS_PAGE,
    hint: `A browser needs a status line and headers before the page: send ${describeHeadToSend(PAGE)} and then the page.`,
    async run(ctx) {
      const { node, program, curl } = await askRealClients(ctx);
      const curlSays = curl ? ` Here curl said: ${JSON.stringify(curl.said)}.` : '';
      const complaint = explainNodeFetch(node, PAGE);
      if (complaint) {
        if (program.mayBeEnding()) {
          await program.settle(300);
          expectNoCrash(program, "when Node's HTTP client asked for the page");
        }
        fail(`${complaint.message}.${curlSays}`, {
          expected: previewBytes(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: ${PAGE.length}\r\n\r\n`), PAGE]), 120),
          actual: previewBytes(node.raw, 120),
          hint: complaint.hint,
        });
      }
      if (curl && !curl.ok) {
        fail(`Node's HTTP client accepted the answer, but curl refused it: ${curl.said}`, { actual: previewBytes(node.raw, 120), hint: `Send exactly ${describeHeadToSend(PAGE)} before the page.` });
      }
      const form = describeAnswerForm(readRawAnswer(node.raw));
      const witnesses = curl ? "Node's HTTP client and curl both accepted it" : "Node's HTTP client accepted it; curl is not installed here, so it did not judge (to add it: apt-get install curl)";
      const type = node.kind === 'response' ? node.headers['content-type'] : undefined;
      return {
        note: `the server answered with ${form}; ${witnesses}`,
        ...(type === undefined ? { warning: 'the answer has no Content-Type header: browsers have to guess that the page is HTML; send Content-Type: text/html' } : {}),
      };
    },
  },
  {
    id: 'server-browser-shows-page',
    title: 'shows the heading "welcome nginx" in a browser (headless Chromium, where installed)',
    role: 'server',
    tags: ['http'],
    points: 1,
    dependsOn: SPEAKS_HTTP,
    timeoutMs: BROWSER_BOUND_MS + 15_000,
    hint: `Send Content-Type: text/html so the browser reads the page as HTML: ${describeHeadToSend(PAGE)}.`,
    async run(ctx) {
      const browser = findBrowser();
      return browser ? loadInBrowser(ctx, browser) : judgeByHeaders(ctx, NO_BROWSER);
    },
  },
  {
    id: 'server-reads-split-request',
    title: 'still answers with the page when the request arrives in pieces',
    role: 'server',
    tags: ['partial'],
    points: 1,
    dependsOn: ANSWERS_PAGE,
    hint: "One recv() is not one request: collect the pieces in one buffer and look for the blank line b'\\r\\n\\r\\n' in all of it.",
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      const request = createRequest(address);
      // "GET / HT", then 40 bytes, then all but the last byte: the final piece is the "\n" that
      // completes the blank line, so a server looking for "\r\n\r\n" in one recv() alone never sees it.
      const sizes = [8, 40, request.length - 49];
      const situation = `when our request came in 4 pieces (${sizes.join(', ')} and 1 bytes, the last one, b'\\n', completing the blank line b'\\r\\n\\r\\n')`;
      const sent = await explainCrash(program, 'while the request arrived in pieces', async () => {
        const outcome = await sendUntilAnswered(peer, request, sizes, ctx.timeouts.replyMs);
        if (outcome.stalled) {
          fail(`${situation}, the server stopped reading after ${outcome.sentBytes} of the ${request.length} bytes and sent nothing for ${seconds(ctx.timeouts.replyMs)}`, { hint: READ_TO_BLANK_LINE });
        }
        await expectPageAndClose(ctx, peer, request, {
          situation,
          silentHint: "Collect what recv() returns in one buffer (data += conn.recv(1024)) and look for b'\\r\\n\\r\\n' in all of it: the blank line can be split between two recv() calls.",
        });
        return outcome;
      }, peer);
      if (sent.answeredEarly) {
        return {
          note: `the server answered before the request was complete (we had sent ${sent.sentBytes} of its ${request.length} bytes when the answer came); the page arrived, but a server should read the request up to its blank line before answering (see the long-request check)`,
        };
      }
    },
  },
  {
    id: 'server-reads-long-request',
    title: 'reads a 4 KB request to its end before closing, so the connection closes normally instead of being reset',
    role: 'server',
    tags: ['oversize'],
    points: 1,
    dependsOn: ANSWERS_PAGE,
    hint: `${READ_TO_BLANK_LINE} One recv(1024) gets at most 1024 bytes; closing with unread bytes makes the system reset the connection.`,
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      const request = createRequest(address, [`Cookie: ${COOKIE}`]);
      // The whole request waits in the server's receive queue before it runs again, so a server
      // that reads only part of it certainly closes with bytes unread.
      program.freeze();
      let peer: TcpPeer;
      try {
        peer = await ctx.connect(address);
        await peer.send(request);
        await waitQueued(peer, request.length, ctx.timeouts.replyMs);
      } finally {
        program.thaw();
      }
      const situation = `when we sent a ${request.length}-byte request in one piece (its Cookie header alone is ${COOKIE.length + 8} bytes, as browsers send for sites with cookies)`;
      await explainCrash(program, 'while answering a long request', async () => {
        const closed = await peer.waitClosed(ctx.timeouts.replyMs);
        if (closed === 'reset') {
          const got = peer.received().includes(PAGE) ? 'The page arrived here, on one machine; over a network the reset can overtake it, and the browser shows "connection reset" instead of the page.' : 'The page was lost.';
          fail(`${situation}, the server closed the connection with part of the request still unread, so its system reset the connection (RST) instead of closing it normally. ${got}`, {
            expected: 'the whole request read, the page sent, then a normal close (FIN)',
            actual: 'a reset (RST) with request bytes unread',
          });
        }
        await expectPageAndClose(ctx, peer, request, { situation });
      }, peer);
    },
  },
  {
    id: 'server-serves-second-client',
    title: 'serves a second visitor after the first has left',
    role: 'server',
    tags: ['sequential'],
    points: 1,
    dependsOn: ANSWERS_PAGE,
    hint: 'Put accept(), the answer and close() in a while True: loop, so the server waits for the next visitor.',
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      await fetchPage(ctx, program, address, 'the first visitor');
      try {
        await fetchPage(ctx, program, address, 'a second visitor, after the first had left,');
      } catch (error) {
        if (isCheckFailure(error)) {
          // Most often the server has ended (or is ending: a refused or reset connection); on a
          // busy machine its exit may take a while to be seen. A live server costs this bound once.
          await program.settle(ctx.timeouts.exitMs);
          expectNoCrash(program, 'after the first visitor');
          if (program.hasExited) fail(`the server ended after the first visitor (${describeEnding(program)}), so a second visitor found nothing listening`);
        }
        throw error;
      }
    },
  },
];

export const webChecks: readonly Check[] = server;
