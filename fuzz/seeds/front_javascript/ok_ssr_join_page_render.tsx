// Server-side rendering of the lightweight join page (Express + react-dom/server). The token is
// signed here, on the server, and only the finished signature is rendered into the HTML.
import express from 'express';
import { renderToString } from 'react-dom/server';
import { KJUR } from 'jsrsasign';
import { JoinPage } from '../client/JoinPage';

const app = express();
const SDK_KEY = process.env.ZOOM_SDK_KEY as string;

function signature(meetingNumber: string): string {
  const iat = Math.round(Date.now() / 1000) - 30;
  const exp = iat + 60 * 60 * 2;
  const oHeader = { alg: 'HS256', typ: 'JWT' };
  const oPayload = { appKey: SDK_KEY, sdkKey: SDK_KEY, mn: meetingNumber, role: 0, iat, exp, tokenExp: exp };
  return KJUR.jws.JWS.sign('HS256', JSON.stringify(oHeader), JSON.stringify(oPayload), process.env.ZOOM_SDK_SECRET as string);
}

app.get('/join/:meetingNumber', (req, res) => {
  const { meetingNumber } = req.params;
  const html = renderToString(<JoinPage meetingNumber={meetingNumber} sdkKey={SDK_KEY} signature={signature(meetingNumber)} />);
  res.type('html').send(`<!doctype html><div id="root">${html}</div><script src="/static/join.js"></script>`);
});

app.listen(Number(process.env.PORT ?? 8080));
