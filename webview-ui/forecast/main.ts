// Entry of the Forecast webview: installs the page, then tells the host it may send.
import './forecast-app';
import { host } from '../shared/host';

host.ready('forecast');
