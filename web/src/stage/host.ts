// Placeholder entry: the 现场赛 host console is built on this page (issue 17 item 3).
import { version } from 'kaotang/contest';

const app = document.getElementById('app');
if (app) app.textContent = `考堂 · 现场赛主持台（kaotang ${version()}）`;
document.body.dataset.ready = 'yes';
