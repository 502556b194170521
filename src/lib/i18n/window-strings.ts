// Importing this module makes the window screen's strings available to `t()`.
import { registerStrings } from '../i18n.ts';
import { enWindow, zhWindow } from './window.ts';

registerStrings(zhWindow, enWindow);
