// Bundled separately (dist/lazy/sqljs.js) and required on first use, so activation never loads sql.js.
import initSqlJs from 'sql.js';
export default initSqlJs;
