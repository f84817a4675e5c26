// HTTP as the web exercise's checks speak it: requests as browsers send them, answers read the
// way a raw TCP peer, Node's strict HTTP client and curl read them, and the words that explain to
// a learner why a client refused an answer.
import { t, type Text } from '../../harness/i18n/text.js';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import type { Address } from '../../harness/process/command.js';
import type { Transcript } from '../../harness/transcript.js';
import { previewBytes } from '../../harness/util/bytes.js';

/** A browser-like `User-Agent`, so a server that logs or inspects it sees something familiar. */
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) sockgrade/1.0';

/**
 * A GET request as a browser sends it (CRLF line ends, a blank line at the end), asking the server
 * to close the connection after its answer. `extraHeaders` are lines without their CRLF.
 * `createRequest({ host: '127.0.0.1', port: 8080 })` → `GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n…\r\n\r\n`
 */
export function createRequest(address: Address, extraHeaders: readonly string[] = []): Buffer {
  const lines = [
    'GET / HTTP/1.1',
    `Host: ${address.host}:${address.port}`,
    `User-Agent: ${USER_AGENT}`,
    'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    'Accept-Language: en-US,en;q=0.9',
    ...extraHeaders,
    'Connection: close',
  ];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/** What came back on a raw connection, read as HTTP would read it. */
export interface RawAnswer {
  /** `http`: a status line `HTTP/x.y …` and headers; `bare`: no status line (HTTP/0.9 style). */
  readonly form: 'http' | 'bare' | 'empty';
  readonly statusLine?: string;
  /** Header names in lowercase; the last value wins. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** Splits an answer into status line, headers and body, tolerating bare LF line ends. */
export function readRawAnswer(bytes: Buffer): RawAnswer {
  if (bytes.length === 0) return { form: 'empty', headers: {}, body: bytes };
  if (!/^HTTP\/\d/i.test(bytes.subarray(0, 8).toString('latin1'))) return { form: 'bare', headers: {}, body: bytes };
  const text = bytes.toString('latin1');
  const end = /\r?\n\r?\n/.exec(text);
  const headText = end ? text.slice(0, end.index) : text;
  const lines = headText.split(/\r?\n/);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = end ? bytes.subarray(end.index + end[0].length) : Buffer.alloc(0);
  return { form: 'http', statusLine: lines[0] ?? '', headers, body };
}

/** One phrase for a report: which kind of answer the server sent (English; see `answerFormText`). */
export function describeAnswerForm(answer: RawAnswer): string {
  return answerFormText(answer).en;
}

/** Which kind of answer the server sent, in every language: "an HTTP answer, "HTTP/1.1 200 OK" with …". */
export function answerFormText(answer: RawAnswer): Text {
  if (answer.form === 'empty') return t('nothing', '空内容');
  if (answer.form === 'bare') {
    return t(
      'the page alone, without a status line or headers (an HTTP/0.9-style answer, which browsers and curl refuse)',
      '只有页面本身，没有状态行和头部（HTTP/0.9 式的回答，浏览器和 curl 都会拒绝）',
    );
  }
  const type = answer.headers['content-type'];
  const length = answer.headers['content-length'];
  const typeText = type ? t(`Content-Type ${type}`, `Content-Type ${type}`) : t('no Content-Type', '没有 Content-Type');
  const lengthText = length
    ? t(`Content-Length ${length}`, `Content-Length ${length}`)
    : t('no Content-Length (the page ends where the connection closes)', '没有 Content-Length（页面在连接关闭处结束）');
  const status = JSON.stringify(answer.statusLine);
  return t(`an HTTP answer, ${status} with ${typeText.en} and ${lengthText.en}`, `一个 HTTP 回答，${status}，${typeText.zh}，${lengthText.zh}`);
}

/** What Node's HTTP client (strict parser) made of the server's answer. */
export type NodeFetch =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly statusMessage: string;
      readonly httpVersion: string;
      readonly headers: IncomingHttpHeaders;
      readonly body: Buffer;
      readonly raw: Buffer;
      /** A parse error after the announced body: bytes beyond Content-Length. */
      readonly trailingError?: string;
    }
  | { readonly kind: 'error'; readonly code: string; readonly reason: string; readonly bytesParsed?: number; readonly raw: Buffer; readonly gotHead: boolean; readonly body: Buffer; readonly headers?: IncomingHttpHeaders }
  | { readonly kind: 'timeout'; readonly raw: Buffer; readonly gotHead: boolean; readonly headers?: IncomingHttpHeaders };

export interface FetchOptions {
  readonly transcript: Transcript;
  /** Our name in the transcript. */
  readonly label: string;
  /** Bound for the whole exchange: connect, answer, close. */
  readonly timeoutMs: number;
}

/**
 * GET / with Node's own HTTP client, strict parser (`insecureHTTPParser: false`), asking for
 * `Connection: close`. Never throws: every outcome, the raw bytes included, is in the result.
 */
export function fetchWithNode(address: Address, options: FetchOptions): Promise<NodeFetch> {
  const { transcript, label, timeoutMs } = options;
  return new Promise((resolve) => {
    const raw: Buffer[] = [];
    const body: Buffer[] = [];
    let head: { status: number; statusMessage: string; httpVersion: string; headers: IncomingHttpHeaders } | undefined;
    let ended = false;
    let error: { code: string; reason: string; bytesParsed?: number } | undefined;
    let settled = false;
    const socket = connect({ host: address.host, port: address.port, noDelay: true });
    socket.on('data', (chunk: Buffer) => {
      raw.push(chunk);
      transcript.addData(label, 'recv', chunk);
    });
    const finish = (timedOut: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const bytes = Buffer.concat(raw);
      const received = Buffer.concat(body);
      if (timedOut && !ended) {
        transcript.add(label, 'note', `no complete answer within ${timeoutMs} ms`);
        resolve({ kind: 'timeout', raw: bytes, gotHead: head !== undefined, ...(head ? { headers: head.headers } : {}) });
      } else if (head && ended) {
        resolve({ kind: 'response', ...head, body: received, raw: bytes, ...(error ? { trailingError: error.reason } : {}) });
      } else {
        const failure = error ?? { code: 'ECONNRESET', reason: 'the connection closed before a complete answer' };
        resolve({ kind: 'error', ...failure, raw: bytes, gotHead: head !== undefined, body: received, ...(head ? { headers: head.headers } : {}) });
      }
    };
    const timer = setTimeout(() => finish(true), timeoutMs);
    // The answer is complete once the connection is gone (we asked for Connection: close); a parse
    // error after the announced body (bytes beyond Content-Length) arrives before that.
    socket.on('close', () => setImmediate(() => finish(false)));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error ??= { code: e.code ?? 'ERROR', reason: e.message };
    });
    const req = httpRequest({
      createConnection: () => socket,
      host: address.host,
      port: address.port,
      path: '/',
      method: 'GET',
      headers: { Host: `${address.host}:${address.port}`, 'User-Agent': 'sockgrade (node:http)', Accept: 'text/html', Connection: 'close' },
      insecureHTTPParser: false,
    });
    req.on('error', (e: NodeJS.ErrnoException & { reason?: string; bytesParsed?: number }) => {
      error ??= { code: e.code ?? 'ERROR', reason: e.reason ?? e.message, ...(e.bytesParsed !== undefined ? { bytesParsed: e.bytesParsed } : {}) };
      transcript.add(label, 'error', `${e.code ?? ''} ${e.reason ?? e.message}`.trim());
    });
    req.on('response', (res) => {
      head = { status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '', httpVersion: res.httpVersion, headers: res.headers };
      res.on('data', (chunk: Buffer) => body.push(chunk));
      res.on('end', () => {
        ended = true;
      });
      res.on('aborted', () => {
        error ??= { code: 'ECONNRESET', reason: 'the connection closed in the middle of the page' };
      });
      res.on('error', () => {});
    });
    transcript.add(label, 'send', `GET / HTTP/1.1 (Node's HTTP client, strict parser)`);
    req.end();
  });
}

/** The head an HTTP/1.1 answer carrying `page` needs, as a learner would write it in Python. */
export function describeHeadToSend(page: Buffer): string {
  return `b'HTTP/1.1 200 OK\\r\\nContent-Type: text/html\\r\\nContent-Length: ${page.length}\\r\\n\\r\\n'`;
}

/** The line of `raw` around byte `offset`, for "this line is wrong" messages. */
function lineAt(raw: Buffer, offset: number): string {
  const text = raw.toString('latin1');
  const at = Math.min(Math.max(0, offset), text.length);
  const start = text.lastIndexOf('\n', at - 1) + 1;
  const endLf = text.indexOf('\n', at);
  return text.slice(start, endLf < 0 ? text.length : endLf + 1);
}

/** Why a strict HTTP client refused an answer, in a learner's terms. */
export interface HttpComplaint {
  readonly message: string;
  readonly hint: string;
}

/** An `HttpComplaint` in every language. */
export interface HttpComplaintText {
  readonly message: Text;
  readonly hint: Text;
}

/**
 * Explains Node's refusal (or a wrong status/body) of an answer that should carry `page`, in
 * English (see `nodeFetchComplaint` for every language).
 * Returns undefined when the answer is a proper `200` carrying the page.
 */
export function explainNodeFetch(result: NodeFetch, page: Buffer): HttpComplaint | undefined {
  const complaint = nodeFetchComplaint(result, page);
  return complaint ? { message: complaint.message.en, hint: complaint.hint.en } : undefined;
}

/** `explainNodeFetch` in every language. */
export function nodeFetchComplaint(result: NodeFetch, page: Buffer): HttpComplaintText | undefined {
  const head = describeHeadToSend(page);
  const raw = result.raw;
  const answer = readRawAnswer(raw);
  const size = page.length;
  const fix = t(
    `Before the page, send the status line and headers, then a blank line: ${head} (${size} is the page's length in bytes).`,
    `在页面之前，先发送状态行和头部，再发送一个空行：${head}（${size} 是页面的字节长度）。`,
  );
  const lengthHint = t(
    `Content-Length is the length of the page in bytes: len(page) after encoding, here ${size}.`,
    `Content-Length 是页面的字节长度：编码之后的 len(page)，这里是 ${size}。`,
  );
  const rawPreview = previewBytes(raw);
  if (result.kind === 'response') {
    if (result.status !== 200) {
      const status = `${result.status} ${result.statusMessage}`;
      return {
        message: t(`Node's HTTP client got status ${status}, not 200 OK`, `Node 的 HTTP 客户端收到的状态是 ${status}，而不是 200 OK`),
        hint: t(`Answer with the status line HTTP/1.1 200 OK: ${head}`, `用状态行 HTTP/1.1 200 OK 回答：${head}`),
      };
    }
    if (result.trailingError !== undefined || !result.body.includes(page)) {
      const announced = result.headers['content-length'];
      const tooShort = announced !== undefined && Number(announced) < answer.body.length;
      const body = previewBytes(result.body);
      if (tooShort) {
        const after = answer.body.length;
        return {
          message: t(
            `the answer says Content-Length: ${announced}, but the page after the headers is ${after} bytes; a client reads only ${announced} bytes and cuts the page to ${body}`,
            `回答中写的是 Content-Length: ${announced}，但头部之后的页面有 ${after} 字节；客户端只读取 ${announced} 字节，把页面截成了 ${body}`,
          ),
          hint: lengthHint,
        };
      }
      const want = previewBytes(page);
      return {
        message: t(`Node's HTTP client got status 200 with the body ${body}, which is not the page ${want}`, `Node 的 HTTP 客户端收到了状态 200，正文是 ${body}，而不是页面 ${want}`),
        hint: fix,
      };
    }
    return undefined;
  }
  if (result.kind === 'timeout') {
    if (raw.length === 0) {
      return {
        message: t(
          "Node's HTTP client sent its request and got no answer at all while the connection stayed open",
          'Node 的 HTTP 客户端发送了请求，连接一直开着，却完全没有收到回答',
        ),
        hint: t(
          "Read the request up to the blank line that ends it (b'\\r\\n\\r\\n'), then answer; do not wait for recv() to return b'': a browser keeps its side open until it has the page.",
          "读取请求，直到结束它的空行（b'\\r\\n\\r\\n'），然后回答；不要等 recv() 返回 b''：浏览器在拿到页面之前会一直保持它那一端打开。",
        ),
      };
    }
    const noLength = answer.form === 'http' && answer.headers['content-length'] === undefined;
    return {
      message: noLength
        ? t(
          `Node's HTTP client got ${rawPreview} and then nothing more, and the connection stayed open: without Content-Length the client only knows the page is complete when the connection closes`,
          `Node 的 HTTP 客户端收到 ${rawPreview} 之后再没有收到任何数据，连接也一直开着：没有 Content-Length 时，客户端只有在连接关闭时才知道页面已经完整`,
        )
        : t(
          `Node's HTTP client got ${rawPreview} and then nothing more, and the connection stayed open`,
          `Node 的 HTTP 客户端收到 ${rawPreview} 之后再没有收到任何数据，连接也一直开着`,
        ),
      hint: t(
        `Close the connection after sending the answer (conn.close()), and announce the page's length: ${head}.`,
        `发送完回答后关闭连接（conn.close()），并告知页面的长度：${head}。`,
      ),
    };
  }
  // A refusal: which rule of HTTP the answer broke.
  if (raw.length === 0) {
    return { message: t("the server closed the connection without answering Node's HTTP client", '服务器没有回答 Node 的 HTTP 客户端就关闭了连接'), hint: fix };
  }
  if (result.code === 'HPE_INVALID_CONSTANT' && (result.bytesParsed ?? 0) === 0) {
    if (answer.form === 'bare') {
      return {
        message: t(
          `the server answered with ${rawPreview} alone: no status line, no headers. That is an HTTP/0.9-style answer (HTTP as it was in 1991), ` +
          `which today's clients refuse: Node's HTTP client says "${result.reason}", browsers show ERR_INVALID_HTTP_RESPONSE. ` +
          'An HTTP/1.1 answer starts with a status line (HTTP/1.1 200 OK), then header lines, then a blank line, then the page',
          `服务器只回答了 ${rawPreview}：没有状态行，也没有头部。这是 HTTP/0.9 式的回答（1991 年时的 HTTP），` +
          `如今的客户端都会拒绝：Node 的 HTTP 客户端报告 "${result.reason}"，浏览器显示 ERR_INVALID_HTTP_RESPONSE。` +
          'HTTP/1.1 的回答以状态行（HTTP/1.1 200 OK）开头，然后是头部行，然后是一个空行，最后才是页面',
        ),
        hint: fix,
      };
    }
    const first = JSON.stringify(lineAt(raw, 0).trimEnd());
    return {
      message: t(
        `the answer starts with ${first}; an HTTP answer must start with the status line HTTP/1.1 200 OK (uppercase HTTP)`,
        `回答以 ${first} 开头；HTTP 回答必须以状态行 HTTP/1.1 200 OK 开头（HTTP 要大写）`,
      ),
      hint: fix,
    };
  }
  if (result.code === 'HPE_CR_EXPECTED' || result.code === 'HPE_LF_EXPECTED') {
    const line = JSON.stringify(lineAt(raw, (result.bytesParsed ?? 1) - 1));
    return {
      message: t(
        `the line ${line} of the answer's head ends with \\n alone. HTTP lines end with \\r\\n; browsers and curl tolerate a bare \\n, strict clients such as Node's refuse the answer ("${result.reason}")`,
        `回答头部中的一行 ${line} 只以 \\n 结尾。HTTP 的行以 \\r\\n 结尾；浏览器和 curl 能容忍单独的 \\n，而 Node 这样严格的客户端会拒绝这个回答（"${result.reason}"）`,
      ),
      hint: t(
        `End the status line and every header line with \\r\\n, and the head with a blank line \\r\\n: ${head}.`,
        `状态行和每个头部行都以 \\r\\n 结尾，头部以一个空行 \\r\\n 结束：${head}。`,
      ),
    };
  }
  if (result.code.startsWith('HPE_INVALID_HEADER') || result.code === 'HPE_INVALID_STATUS' || result.code === 'HPE_INVALID_VERSION') {
    const line = JSON.stringify(lineAt(raw, result.bytesParsed ?? 0).trimEnd());
    const missingBlank = answer.form === 'http' && !/\r?\n\r?\n/.test(raw.toString('latin1'));
    return {
      message: missingBlank
        ? t(
          `Node's HTTP client read the page as one more header line (${line}): no blank line separates the headers from the page ("${result.reason}")`,
          `Node 的 HTTP 客户端把页面当成了又一个头部行（${line}）：头部和页面之间没有空行分隔（"${result.reason}"）`,
        )
        : t(
          `Node's HTTP client refused the line ${line} of the answer's head: "${result.reason}"; a status line looks like HTTP/1.1 200 OK, a header line like Name: value`,
          `Node 的 HTTP 客户端拒绝了回答头部中的一行 ${line}："${result.reason}"；状态行形如 HTTP/1.1 200 OK，头部行形如 Name: value`,
        ),
      hint: missingBlank
        ? t(`After the last header send an empty line (\\r\\n) and only then the page: ${head}.`, `在最后一个头部之后发送一个空行（\\r\\n），然后才发送页面：${head}。`)
        : fix,
    };
  }
  if (result.gotHead && result.code === 'ECONNRESET') {
    const announced = result.headers?.['content-length'];
    if (announced !== undefined && Number(announced) > result.body.length) {
      const got = result.body.length;
      return {
        message: t(
          `the answer says Content-Length: ${announced}, but the connection closed after ${got} bytes of page: a client waits for the rest, then reports an error`,
          `回答中写的是 Content-Length: ${announced}，但连接在页面的 ${got} 字节之后就关闭了：客户端会等待其余部分，然后报错`,
        ),
        hint: lengthHint,
      };
    }
    return {
      message: t(`the connection was reset in the middle of the answer, after ${rawPreview}`, `连接在回答的中途、${rawPreview} 之后被重置了`),
      hint: t('Send the whole answer with sendall() before closing the connection.', '在关闭连接之前，用 sendall() 发送完整的回答。'),
    };
  }
  const code = `${result.code} ${result.reason}`;
  return { message: t(`Node's HTTP client could not read the answer ${rawPreview}: ${code}`, `Node 的 HTTP 客户端无法读取回答 ${rawPreview}：${code}`), hint: fix };
}
