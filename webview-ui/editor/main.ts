import './editor-app';
import { host } from '../shared/host';

host.ready('editor');
