import {
  parseEn,
  parseErrorText,
  parseZh
} from "./chunk-657B6VHJ.js";
import "./chunk-VEXSJ67X.js";
export {
  parseEn,
  parseErrorText,
  parseZh
};
