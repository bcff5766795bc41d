import {
  parseEn,
  parseErrorText,
  parseZh
} from "./chunk-SMKCEVGZ.js";
import "./chunk-SUQO4V77.js";
export {
  parseEn,
  parseErrorText,
  parseZh
};
