// @ts-check
// The checks of login-lines, written with sockgrade's public API only, as any course would.
import { fail, t, previewBytes, readAnswer, explainCrash, expectIdle, expectNoCrash, serverStartsCheck, SERVER_STARTS } from 'sockgrade';

const ACCOUNT = 'alice:123456\nbob:secret\n';

/**
 * Connects to the server (started with ACCOUNT), sends `data` as `pieces` (one write, or byte
 * counts sent one after another, each once the server has read the previous), and expects
 * exactly `expected` back.
 * @param {import('sockgrade').CheckContext} ctx
 * @param {string} data
 * @param {string} expected
 * @param {number[] | 'bytes'} [pieces]
 */
async function expectAnswers(ctx, data, expected, pieces) {
  const { program, address } = await ctx.startServer({ files: { account: ACCOUNT } });
  const peer = await ctx.connect(address);
  const answer = await explainCrash(program, `after the lines ${JSON.stringify(data)}`, async () => {
    if (pieces) await peer.sendInPieces(data, pieces, { consumeBoundMs: ctx.timeouts.replyMs });
    else await peer.send(data);
    return readAnswer(peer, 0, (got) => got.length >= Buffer.byteLength(expected), ctx.timeouts.replyMs);
  }, peer);
  if (!answer.data.equals(Buffer.from(expected))) {
    fail(
      t(
        `we sent ${JSON.stringify(data)}${pieces ? ' in pieces' : ' in one piece'}; the server answered ${answer.data.length ? previewBytes(answer.data) : 'nothing'}`,
        `我们${pieces ? '分几段' : '一次'}发送了 ${JSON.stringify(data)}，服务器回答了 ${answer.data.length ? previewBytes(answer.data) : '（什么也没有）'}`,
      ),
      { expected: JSON.stringify(expected), actual: answer.data.length ? previewBytes(answer.data) : '(nothing)' },
    );
  }
}

/** @type {import('sockgrade').Check[]} */
export const checks = [
  serverStartsCheck(),
  {
    id: 'server-answers-lines',
    title: t('answers success\\n to a right user|password line and fail\\n to a wrong one', '对正确的 user|password 行回答 success\\n，对错误的回答 fail\\n'),
    role: 'server',
    tags: ['basic'],
    points: 3,
    dependsOn: SERVER_STARTS,
    hint: t(
      "Each answer is a line too: send b'success\\n' or b'fail\\n', with the newline.",
      "回答也是一行：发送 b'success\\n' 或 b'fail\\n'，别忘了换行符。",
    ),
    async run(ctx) {
      await expectAnswers(ctx, 'bob|123456\n', 'fail\n');
      await expectAnswers(ctx, 'alice|123456\n', 'success\n');
    },
  },
  {
    id: 'server-several-lines-at-once',
    title: t('answers every line when several arrive in one recv()', '几行在一次 recv() 中同时到达时，逐行回答'),
    role: 'server',
    tags: ['partial'],
    points: 2,
    dependsOn: SERVER_STARTS,
    hint: t(
      "One recv() may hold several lines: keep a buffer, and answer each complete line in it (buffer.split(b'\\n')).",
      "一次 recv() 可能收到好几行：用一个缓冲区保存数据，逐个回答其中完整的行（buffer.split(b'\\n')）。",
    ),
    async run(ctx) {
      await expectAnswers(ctx, 'alice|wrong\nalice|123456\nbob|secret\n', 'fail\nsuccess\nsuccess\n');
    },
  },
  {
    id: 'server-line-in-pieces',
    title: t('waits for the newline when a line arrives in pieces', '一行分几段到达时，等到换行符再回答'),
    role: 'server',
    tags: ['partial'],
    points: 2,
    dependsOn: SERVER_STARTS,
    hint: t(
      'A line may arrive in several recv() calls: add what you receive to a buffer and answer only once it holds a newline.',
      '一行可能分几次 recv() 才收完：把收到的数据加入缓冲区，等其中有换行符时才回答。',
    ),
    async run(ctx) {
      await expectAnswers(ctx, 'alice|123456\n', 'success\n', [3, 4, 3]);
    },
  },
  {
    id: 'server-client-leaves',
    title: t('closes the connection, without spinning, when the client closes its side', '客户端关闭它那一端后，服务器关闭连接且不空转'),
    role: 'server',
    tags: ['empty-recv'],
    points: 1,
    dependsOn: SERVER_STARTS,
    hint: t(
      "recv() returns b'' when the client has left: break out of the loop and close the connection.",
      "客户端离开后 recv() 返回 b''：跳出循环并关闭连接。",
    ),
    async run(ctx) {
      const { program, address } = await ctx.startServer({ files: { account: ACCOUNT } });
      const peer = await ctx.connect(address);
      await peer.send('alice|123456\n');
      await readAnswer(peer, 0, (got) => got.includes(0x0a), ctx.timeouts.replyMs);
      peer.shutdownWrite();
      const closed = await peer.waitClosed(ctx.timeouts.replyMs);
      await expectIdle(program, 'the client closed its side');
      if (!closed) {
        expectNoCrash(program, 'after the client left');
        fail(t(
          `the server never closed the connection in ${ctx.timeouts.replyMs / 1000} s after the client closed its side`,
          `客户端关闭它那一端后，服务器在 ${ctx.timeouts.replyMs / 1000} 秒内没有关闭连接`,
        ));
      }
    },
  },
];
