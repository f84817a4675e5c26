// Checks for the web exercise (EXERCISES.md § web): a server that answers a browser's request with
// the page <h1>welcome nginx</h1> and closes.
import { t, type Text } from '../harness/i18n/text.js';
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

const READ_TO_BLANK_LINE = t(
  "Read the request up to the blank line that ends it: data = b''; while b'\\r\\n\\r\\n' not in data: data += conn.recv(1024) (stop too if recv() returns b''). Then answer and close.",
  "把请求一直读到结束它的那个空行：data = b''; while b'\\r\\n\\r\\n' not in data: data += conn.recv(1024)（如果 recv() 返回 b'' 也要停止）。然后回答并关闭连接。",
);

/** A duration in seconds for a message ("2.5"); each language writes its own unit. */
function seconds(ms: number): string {
  return (ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1);
}

interface PageWait {
  /** What we did, to begin each message, in each language: "after our GET / request". */
  readonly situation: Text;
  /** The hint when the server read the whole request and stays silent. */
  readonly silentHint?: Text;
}

/**
 * Waits (bounded) for the server to send the page and close; fails saying what it did instead:
 * kept the connection open (with or without the page), never read the request, or read it and
 * stays silent (waiting for a b'' a browser never causes).
 */
async function expectPageAndClose(ctx: CheckContext, peer: TcpPeer, request: Buffer, wait: PageWait): Promise<{ data: Buffer; kind: CloseKind }> {
  const bound = seconds(ctx.timeouts.replyMs);
  const { situation } = wait;
  const closed = await peer.waitClosed(ctx.timeouts.replyMs);
  const data = peer.received();
  if (!closed) {
    if (data.includes(PAGE)) {
      fail(t(
        `${situation.en}, the server sent the page but kept the connection open for ${bound} s: a browser keeps loading until the connection closes (we asked for Connection: close)`,
        `${situation.zh}，服务器发送了页面，但让连接保持打开了 ${bound} 秒：连接关闭之前，浏览器会一直处于加载状态（我们要求的是 Connection: close）`,
      ), {
        hint: t('Close the connection once the answer is sent: conn.close().', '回答发送完后就关闭连接：conn.close()。'),
      });
    }
    if (data.length > 0) {
      fail(t(
        `${situation.en}, the server sent ${previewBytes(data)} and then nothing for ${bound} s, with the connection still open`,
        `${situation.zh}，服务器发送了 ${previewBytes(data)}，之后 ${bound} 秒内再没有发送任何内容，连接仍然打开`,
      ), { expected: `an answer carrying ${previewBytes(PAGE)}, then the connection closed`, actual: previewBytes(data) });
    }
    if (canObserveKernel && isConsumedByPeer(peer.localPort, peer.remotePort)) {
      fail(t(
        `${situation.en}, the server read our whole request (${request.length} bytes, ending with the blank line \\r\\n\\r\\n) and then sent nothing for ${bound} s: it waits for more, but a browser sends nothing more and waits for the page`,
        `${situation.zh}，服务器读完了我们的整个请求（${request.length} 个字节，以空行 \\r\\n\\r\\n 结尾），之后 ${bound} 秒内什么也没有发送：它在等待更多数据，但浏览器不会再发送任何内容，而是在等待页面`,
      ), {
        hint: wait.silentHint ?? t(
          `${READ_TO_BLANK_LINE.en} A loop that reads until recv() returns b'' waits forever: a browser does not close its side before it has the answer.`,
          `${READ_TO_BLANK_LINE.zh}一直读到 recv() 返回 b'' 的循环会永远等下去：浏览器在得到回答之前不会关闭自己一端。`,
        ),
      });
    }
    fail(t(
      `${situation.en}, the server did not read our request within ${bound} s and sent nothing`,
      `${situation.zh}，服务器在 ${bound} 秒内没有读取我们的请求，也什么都没有发送`,
    ), { hint: t('accept() the connection, recv() the request, then send the answer.', 'accept() 连接，recv() 请求，然后发送回答。') });
  }
  if (!data.includes(PAGE)) {
    fail(data.length === 0
      ? t(`${situation.en}, the server closed the connection without sending anything`, `${situation.zh}，服务器什么也没有发送就关闭了连接`)
      : t(
        `${situation.en}, the server sent ${previewBytes(data)} and closed the connection; the page ${previewBytes(PAGE)} is not in it`,
        `${situation.zh}，服务器发送了 ${previewBytes(data)} 并关闭了连接；其中没有页面 ${previewBytes(PAGE)}`,
      ), {
      expected: `an answer carrying ${previewBytes(PAGE)}`,
      actual: previewBytes(data),
    });
  }
  return { data, kind: closed };
}

/** Sends a browser's request in one piece and expects the page; returns what came. */
async function fetchPage(ctx: CheckContext, program: Program, address: Address, who: Text): Promise<Buffer> {
  const peer = await ctx.connect(address);
  const request = createRequest(address);
  const { data } = await explainCrash(program, `when ${who.en} asked for the page`, async () => {
    await peer.send(request);
    return expectPageAndClose(ctx, peer, request, { situation: t(`when ${who.en} sent a browser's GET / request`, `${who.zh}发送浏览器的 GET / 请求时`) });
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
  readonly said: Text;
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
  if (exit.code === 0 && status === '200' && body.includes(PAGE.toString('utf8'))) return { ok: true, said: t('got 200 and the page', '得到了 200 和页面') };
  const error = program.stderr.text().trim().split('\n').filter(Boolean).pop();
  if (exit.code !== 0) return { ok: false, said: error !== undefined ? t(error, error) : t(`curl exited with code ${exit.code}`, `curl 以退出码 ${exit.code} 结束`) };
  const start = JSON.stringify(body.slice(0, 80));
  return { ok: false, said: t(`got status ${status} and ${start}`, `得到了状态码 ${status} 和 ${start}`) };
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
function describeRendering(type: string): Text {
  if (/^\s*text\//i.test(type)) {
    return t('plain text: the tags <h1> and </h1> appear as characters on the screen, not as a heading', '纯文本：标签 <h1> 和 </h1> 会作为字符显示在屏幕上，而不是显示成标题');
  }
  return t('a file to download, not a page to show', '要下载的文件，而不是要显示的页面');
}

function isHtml(type: string): boolean {
  return /^\s*text\/html\s*(;|$)/i.test(type);
}

const NO_BROWSER = t(
  `No browser is installed here, so no browser loaded the page (to add one: ${ENABLE_BROWSER})`,
  `这里没有安装浏览器，所以没有浏览器加载这个页面（如需安装：${ENABLE_BROWSER}）`,
);

/**
 * Without a (working) browser: what the page's Content-Type makes every browser do with it.
 * `why` says why no browser judged, for the note.
 */
async function judgeByHeaders(ctx: CheckContext, why: Text): Promise<{ note: Text }> {
  const { address } = await ctx.startServer();
  const result = await fetchWithNode(address, { transcript: ctx.transcript, label: 'http client', timeoutMs: ctx.timeouts.replyMs });
  const complaint = explainNodeFetch(result, PAGE);
  if (complaint || result.kind !== 'response') {
    return fail(complaint?.message ?? t("Node's HTTP client could not get the page", 'Node 的 HTTP 客户端没能取得页面'), { hint: complaint?.hint ?? describeHeadToSend(PAGE) });
  }
  const type = result.headers['content-type'];
  if (type !== undefined && !isHtml(type)) {
    const rendering = describeRendering(type);
    fail(t(
      `the answer says Content-Type: ${type}; a browser shows such an answer as ${rendering.en}. (${why.en}; judged from the Content-Type instead.)`,
      `回答中写的是 Content-Type: ${type}；浏览器会把这样的回答当作${rendering.zh}。（${why.zh}；因此改为根据 Content-Type 判断。）`,
    ), {
      expected: 'Content-Type: text/html',
      actual: `Content-Type: ${type}`,
      hint: SEND_HTML_TYPE,
    });
  }
  return type === undefined
    ? {
      note: t(
        `${why.en}; judged from the Content-Type instead: no Content-Type, so a browser guesses from the page, and <h1 makes it guess HTML.`,
        `${why.zh}；因此改为根据 Content-Type 判断：回答没有 Content-Type，浏览器只能根据页面内容猜测，而 <h1 会让它猜成 HTML。`,
      ),
    }
    : {
      note: t(
        `${why.en}; judged from the Content-Type instead: Content-Type ${type} makes a browser show it as HTML.`,
        `${why.zh}；因此改为根据 Content-Type 判断：Content-Type ${type} 会让浏览器把它当作 HTML 显示。`,
      ),
    };
}

/** The hint for an answer a browser would not read as HTML. */
const SEND_HTML_TYPE = t(
  `Send Content-Type: text/html so the browser reads the page as HTML: ${describeHeadToSend(PAGE)}.`,
  `发送 Content-Type: text/html，让浏览器把页面当作 HTML 读取：${describeHeadToSend(PAGE)}。`,
);

/**
 * With a browser: headless Chromium loads the page through a recording proxy and prints its DOM.
 * The learner's server fails only for what any browser would do with its answer (show it as text,
 * download it, refuse it, never get it); a Chromium that is too slow on a busy machine or broken
 * here is not the learner's fault: the Content-Type judges then, as without a browser.
 */
async function loadInBrowser(ctx: CheckContext, browser: string): Promise<{ note: Text }> {
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
  if (match) return { note: t(`headless Chromium loaded the page and showed the heading ${match[0]}`, `无头 Chromium 加载了页面，并显示了标题 ${match[0]}`) };
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
    const expectType = { expected: 'Content-Type: text/html', actual: said, hint: SEND_HTML_TYPE };
    if (dom.includes('&lt;h1&gt;')) {
      fail(t(
        `headless Chromium showed the page as plain text: the tags <h1> and </h1> appear as characters, not as a heading, because the answer says ${said}`,
        type === undefined
          ? '无头 Chromium 把页面显示成了纯文本：标签 <h1> 和 </h1> 显示为字符，而不是标题，因为回答中没有 Content-Type'
          : `无头 Chromium 把页面显示成了纯文本：标签 <h1> 和 </h1> 显示为字符，而不是标题，因为回答中写的是 ${said}`,
      ), expectType);
    }
    if (type !== undefined && !isHtml(type)) {
      const rendering = describeRendering(type);
      fail(t(
        `headless Chromium did not show the page: the answer says ${said}, which makes a browser treat it as ${rendering.en}`,
        `无头 Chromium 没有显示这个页面：回答中写的是 ${said}，这会让浏览器把它当作${rendering.zh}`,
      ), expectType);
    }
    if (loadError) {
      fail(t(
        `headless Chromium could not load the page (${loadError}); the server had answered its request with ${previewBytes(connection.toClient)}`,
        `无头 Chromium 无法加载页面（${loadError}）；服务器对它的请求的回答是 ${previewBytes(connection.toClient)}`,
      ), {
        hint: t(
          `Answer with a proper HTTP/1.1 head, then the page: ${describeHeadToSend(PAGE)}.`,
          `先用正确的 HTTP/1.1 头部回答，再发送页面：${describeHeadToSend(PAGE)}。`,
        ),
      });
    }
    if (!connection.toClient.includes(PAGE)) {
      const boundS = seconds(BROWSER_BOUND_MS);
      fail(t(
        `the server did not answer headless Chromium's request (${connection.toServer.length} bytes) with the page ${exit ? 'before Chromium gave up' : `within ${boundS} s`}; it sent ${previewBytes(connection.toClient)}`,
        `${exit ? '在 Chromium 放弃之前' : `在 ${boundS} 秒内`}，服务器没有用页面回答无头 Chromium 的请求（${connection.toServer.length} 个字节）；它发送的是 ${previewBytes(connection.toClient)}`,
      ), { hint: READ_TO_BLANK_LINE });
    }
  }
  // The server's answer is one any browser shows (or Chromium never asked): Chromium failed here.
  const lastError = program.stderr.text().trim().split('\n').filter((l) => !/dbus|unexpected operator/i.test(l)).pop();
  const boundS = seconds(BROWSER_BOUND_MS);
  const cause = loadError ?? lastError?.slice(0, 200);
  const why = !exit
    ? t(`headless Chromium did not finish within ${boundS} s (the machine may be busy)`, `无头 Chromium 没有在 ${boundS} 秒内完成（机器可能很忙）`)
    : t(
      `headless Chromium ended without showing the page${cause ? ` (${cause})` : ''}`,
      `无头 Chromium 没有显示页面就结束了${cause ? `（${cause}）` : ''}`,
    );
  ctx.transcript.add('harness', 'note', why.en);
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
    title: t("answers a browser's request with the page <h1>welcome nginx</h1> and closes the connection", '用页面 <h1>welcome nginx</h1> 回答浏览器的请求，然后关闭连接'),
    role: 'server',
    tags: ['basic'],
    points: 6,
    dependsOn: SERVER_STARTS,
    hint: t(`${READ_TO_BLANK_LINE.en} Send the page with sendall(), then conn.close().`, `${READ_TO_BLANK_LINE.zh}用 sendall() 发送页面，然后 conn.close()。`),
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      const data = await fetchPage(ctx, program, address, t('we', '我们'));
      const form = describeAnswerForm(readRawAnswer(data));
      return { note: t(`the server answered with ${form}`, `服务器的回答是：${form}`) };
    },
  },
  {
    id: SPEAKS_HTTP,
    title: t(
      "answers in HTTP/1.x that real HTTP clients accept (Node's, and curl where installed): status line, headers, blank line, page",
      '用真正的 HTTP 客户端（Node 的客户端，以及已安装时的 curl）能接受的 HTTP/1.x 回答：状态行、头部、空行、页面',
    ),
    role: 'server',
    tags: ['http'],
    points: 2,
    dependsOn: ANSWERS_PAGE,
    hint: t(
      `A browser needs a status line and headers before the page: send ${describeHeadToSend(PAGE)} and then the page.`,
      `浏览器需要在页面之前收到状态行和头部：先发送 ${describeHeadToSend(PAGE)}，再发送页面。`,
    ),
    async run(ctx) {
      const { node, program, curl } = await askRealClients(ctx);
      const curlSays = curl ? ` Here curl said: ${JSON.stringify(curl.said.en)}.` : '';
      const curlSaysZh = curl ? `这里 curl 说：${JSON.stringify(curl.said.zh)}。` : '';
      const complaint = explainNodeFetch(node, PAGE);
      if (complaint) {
        if (program.mayBeEnding()) {
          await program.settle(300);
          expectNoCrash(program, "when Node's HTTP client asked for the page");
        }
        fail(t(`${complaint.message}.${curlSays}`, `${complaint.message}。${curlSaysZh}`), {
          expected: previewBytes(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: ${PAGE.length}\r\n\r\n`), PAGE]), 120),
          actual: previewBytes(node.raw, 120),
          hint: complaint.hint,
        });
      }
      if (curl && !curl.ok) {
        fail(t(`Node's HTTP client accepted the answer, but curl refused it: ${curl.said.en}`, `Node 的 HTTP 客户端接受了这个回答，但 curl 拒绝了它：${curl.said.zh}`), {
          actual: previewBytes(node.raw, 120),
          hint: t(`Send exactly ${describeHeadToSend(PAGE)} before the page.`, `在页面之前发送恰好 ${describeHeadToSend(PAGE)}。`),
        });
      }
      const form = describeAnswerForm(readRawAnswer(node.raw));
      const type = node.kind === 'response' ? node.headers['content-type'] : undefined;
      return {
        note: curl
          ? t(`the server answered with ${form}; Node's HTTP client and curl both accepted it`, `服务器的回答是：${form}；Node 的 HTTP 客户端和 curl 都接受了它`)
          : t(
            `the server answered with ${form}; Node's HTTP client accepted it; curl is not installed here, so it did not judge (to add it: apt-get install curl)`,
            `服务器的回答是：${form}；Node 的 HTTP 客户端接受了它；这里没有安装 curl，所以 curl 没有参与判断（如需安装：apt-get install curl）`,
          ),
        ...(type === undefined
          ? {
            warning: t(
              'the answer has no Content-Type header: browsers have to guess that the page is HTML; send Content-Type: text/html',
              '回答中没有 Content-Type 头部：浏览器只能猜测页面是 HTML；请发送 Content-Type: text/html',
            ),
          }
          : {}),
      };
    },
  },
  {
    id: 'server-browser-shows-page',
    title: t('shows the heading "welcome nginx" in a browser (headless Chromium, where installed)', '在浏览器中显示标题 "welcome nginx"（已安装无头 Chromium 时）'),
    role: 'server',
    tags: ['http'],
    points: 1,
    dependsOn: SPEAKS_HTTP,
    timeoutMs: BROWSER_BOUND_MS + 15_000,
    hint: SEND_HTML_TYPE,
    async run(ctx) {
      const browser = findBrowser();
      return browser ? loadInBrowser(ctx, browser) : judgeByHeaders(ctx, NO_BROWSER);
    },
  },
  {
    id: 'server-reads-split-request',
    title: t('still answers with the page when the request arrives in pieces', '请求分成几段到达时，仍然用页面回答'),
    role: 'server',
    tags: ['partial'],
    points: 1,
    dependsOn: ANSWERS_PAGE,
    hint: t(
      "One recv() is not one request: collect the pieces in one buffer and look for the blank line b'\\r\\n\\r\\n' in all of it.",
      "一次 recv() 不等于一个请求：把各段收集到同一个缓冲区中，在全部内容里查找空行 b'\\r\\n\\r\\n'。",
    ),
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      const peer = await ctx.connect(address);
      const request = createRequest(address);
      // "GET / HT", then 40 bytes, then all but the last byte: the final piece is the "\n" that
      // completes the blank line, so a server looking for "\r\n\r\n" in one recv() alone never sees it.
      const sizes = [8, 40, request.length - 49];
      const situation = t(
        `when our request came in 4 pieces (${sizes.join(', ')} and 1 bytes, the last one, b'\\n', completing the blank line b'\\r\\n\\r\\n')`,
        `我们的请求分 4 段到达时（${sizes.join('、')} 和 1 个字节，最后一段 b'\\n' 补全了空行 b'\\r\\n\\r\\n'）`,
      );
      const sent = await explainCrash(program, 'while the request arrived in pieces', async () => {
        const outcome = await sendUntilAnswered(peer, request, sizes, ctx.timeouts.replyMs);
        if (outcome.stalled) {
          const quietS = seconds(ctx.timeouts.replyMs);
          fail(t(
            `${situation.en}, the server stopped reading after ${outcome.sentBytes} of the ${request.length} bytes and sent nothing for ${quietS} s`,
            `${situation.zh}，服务器读了 ${request.length} 个字节中的 ${outcome.sentBytes} 个之后就不再读取，并且 ${quietS} 秒内什么也没有发送`,
          ), { hint: READ_TO_BLANK_LINE });
        }
        await expectPageAndClose(ctx, peer, request, {
          situation,
          silentHint: t(
            "Collect what recv() returns in one buffer (data += conn.recv(1024)) and look for b'\\r\\n\\r\\n' in all of it: the blank line can be split between two recv() calls.",
            "把 recv() 返回的内容收集到同一个缓冲区中（data += conn.recv(1024)），在全部内容里查找 b'\\r\\n\\r\\n'：空行可能被拆分在两次 recv() 之间。",
          ),
        });
        return outcome;
      }, peer);
      if (sent.answeredEarly) {
        return {
          note: t(
            `the server answered before the request was complete (we had sent ${sent.sentBytes} of its ${request.length} bytes when the answer came); the page arrived, but a server should read the request up to its blank line before answering (see the long-request check)`,
            `服务器在请求还不完整时就回答了（回答到达时，我们只发送了请求 ${request.length} 个字节中的 ${sent.sentBytes} 个）；页面到达了，但服务器应该先把请求读到空行为止再回答（参见长请求那一项检查）`,
          ),
        };
      }
    },
  },
  {
    id: 'server-reads-long-request',
    title: t('reads a 4 KB request to its end before closing, so the connection closes normally instead of being reset', '关闭之前把 4 KB 的请求读完，使连接正常关闭而不是被重置'),
    role: 'server',
    tags: ['oversize'],
    points: 1,
    dependsOn: ANSWERS_PAGE,
    hint: t(
      `${READ_TO_BLANK_LINE.en} One recv(1024) gets at most 1024 bytes; closing with unread bytes makes the system reset the connection.`,
      `${READ_TO_BLANK_LINE.zh}一次 recv(1024) 最多得到 1024 个字节；还有未读的字节时关闭连接，系统会重置这个连接。`,
    ),
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
      const situation = t(
        `when we sent a ${request.length}-byte request in one piece (its Cookie header alone is ${COOKIE.length + 8} bytes, as browsers send for sites with cookies)`,
        `我们一次性发送一个 ${request.length} 字节的请求时（仅 Cookie 头部就有 ${COOKIE.length + 8} 个字节，浏览器访问带 cookie 的网站时就会发送这样的请求）`,
      );
      await explainCrash(program, 'while answering a long request', async () => {
        const closed = await peer.waitClosed(ctx.timeouts.replyMs);
        if (closed === 'reset') {
          const arrived = peer.received().includes(PAGE);
          const got = arrived ? 'The page arrived here, on one machine; over a network the reset can overtake it, and the browser shows "connection reset" instead of the page.' : 'The page was lost.';
          const gotZh = arrived ? '在这里（同一台机器上）页面到达了；但在网络上，重置可能比页面先到，浏览器就会显示“连接被重置”而不是页面。' : '页面丢失了。';
          fail(t(
            `${situation.en}, the server closed the connection with part of the request still unread, so its system reset the connection (RST) instead of closing it normally. ${got}`,
            `${situation.zh}，服务器在请求还有一部分未读时就关闭了连接，所以系统重置了连接（RST），而不是正常关闭。${gotZh}`,
          ), {
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
    title: t('serves a second visitor after the first has left', '第一个访问者离开后，为第二个访问者服务'),
    role: 'server',
    tags: ['sequential'],
    points: 1,
    dependsOn: ANSWERS_PAGE,
    hint: t('Put accept(), the answer and close() in a while True: loop, so the server waits for the next visitor.', '把 accept()、回答和 close() 放进 while True: 循环，让服务器等待下一个访问者。'),
    async run(ctx) {
      const { program, address } = await ctx.startServer();
      await fetchPage(ctx, program, address, t('the first visitor', '第一个访问者'));
      try {
        await fetchPage(ctx, program, address, t('a second visitor, after the first had left,', '第一个访问者离开后，第二个访问者'));
      } catch (error) {
        if (isCheckFailure(error)) {
          // Most often the server has ended (or is ending: a refused or reset connection); on a
          // busy machine its exit may take a while to be seen. A live server costs this bound once.
          await program.settle(ctx.timeouts.exitMs);
          expectNoCrash(program, 'after the first visitor');
          if (program.hasExited) {
            fail(t(
              `the server ended after the first visitor (${describeEnding(program)}), so a second visitor found nothing listening`,
              `服务器在第一个访问者之后就结束了（${describeEnding(program)}），所以第二个访问者找不到正在监听的服务器`,
            ));
          }
        }
        throw error;
      }
    },
  },
];

export const webChecks: readonly Check[] = server;
