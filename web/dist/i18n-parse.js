import {
  parseEn,
  parseErrorText,
  parseZh
} from "./chunk-NRBDGZPY.js";
import "./chunk-MWIIFJTF.js";
export {
  parseEn,
  parseErrorText,
  parseZh
};
